window.YTD.tweets.part0 = [
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1700000000000000001"
          ],
          "editableUntil" : "2023-09-11T09:00:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : true
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [],
        "symbols" : [],
        "user_mentions" : [
          {
            "name" : "Ministry X",
            "screen_name" : "ministry_x",
            "indices" : [
              "3",
              "14"
            ],
            "id_str" : "200000001",
            "id" : "200000001"
          },
          {
            "name" : "Other V",
            "screen_name" : "other_v",
            "indices" : [
              "37",
              "45"
            ],
            "id_str" : "800000008",
            "id" : "800000008"
          }
        ],
        "urls" : []
      },
      "display_text_range" : [
        "0",
        "77"
      ],
      "favorite_count" : "0",
      "id_str" : "1700000000000000001",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1700000000000000001",
      "created_at" : "Mon Sep 11 08:00:00 +0000 2023",
      "favorited" : false,
      "full_text" : "RT @ministry_x: Joint statement with @other_v on the summit &amp; next steps…",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1700000000000000002"
          ],
          "editableUntil" : "2023-09-11T09:00:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : true
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [],
        "symbols" : [],
        "user_mentions" : [
          {
            "name" : "Amb. Y",
            "screen_name" : "amb_y",
            "indices" : [
              "0",
              "6"
            ],
            "id_str" : "300000003",
            "id" : "300000003"
          },
          {
            "name" : "Press W",
            "screen_name" : "press_w",
            "indices" : [
              "40",
              "48"
            ],
            "id_str" : "600000006",
            "id" : "600000006"
          }
        ],
        "urls" : [
          {
            "url" : "https://t.co/x",
            "expanded_url" : "https://twitter.com/ngo_z/status/1699000000000000000",
            "display_url" : "twitter.com/ngo_z/stat",
            "indices" : [
              "0",
              "1"
            ]
          }
        ]
      },
      "display_text_range" : [
        "0",
        "66"
      ],
      "favorite_count" : "11",
      "id_str" : "1700000000000000002",
      "truncated" : false,
      "retweet_count" : "2",
      "id" : "1700000000000000002",
      "created_at" : "Mon Sep 11 09:30:00 +0000 2023",
      "favorited" : false,
      "full_text" : "@amb_y Thank you, see you in Geneva with @press_w https://t.co/abc",
      "lang" : "en",
      "in_reply_to_user_id_str" : "300000003",
      "in_reply_to_user_id" : "300000003",
      "in_reply_to_screen_name" : "amb_y",
      "in_reply_to_status_id_str" : "1699999999999999999",
      "in_reply_to_status_id" : "1699999999999999999"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1700000000000000003"
          ],
          "editableUntil" : "2023-09-11T09:00:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : true
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [],
        "symbols" : [],
        "user_mentions" : [
          {
            "name" : "Example Embassy",
            "screen_name" : "emb_example",
            "indices" : [
              "0",
              "12"
            ],
            "id_str" : "1000000000000000001",
            "id" : "1000000000000000001"
          }
        ],
        "urls" : []
      },
      "display_text_range" : [
        "0",
        "38"
      ],
      "favorite_count" : "0",
      "id_str" : "1700000000000000003",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1700000000000000003",
      "created_at" : "Mon Sep 11 10:00:00 +0000 2023",
      "favorited" : false,
      "full_text" : "@emb_example 2/ and the thread goes on",
      "lang" : "en",
      "in_reply_to_user_id_str" : "1000000000000000001",
      "in_reply_to_user_id" : "1000000000000000001",
      "in_reply_to_screen_name" : "emb_example",
      "in_reply_to_status_id_str" : "1700000000000000004",
      "in_reply_to_status_id" : "1700000000000000004"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1700000000000000004"
          ],
          "editableUntil" : "2023-09-11T09:00:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : true
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [
          {
            "text" : "G20",
            "indices" : [
              "0",
              "1"
            ]
          }
        ],
        "symbols" : [],
        "user_mentions" : [
          {
            "name" : "NGO Z",
            "screen_name" : "NGO_Z",
            "indices" : [
              "16",
              "22"
            ],
            "id_str" : "500000005",
            "id" : "500000005"
          }
        ],
        "urls" : [
          {
            "url" : "https://t.co/x",
            "expanded_url" : "https://www.example.org/report",
            "display_url" : "www.example.org/report",
            "indices" : [
              "0",
              "1"
            ]
          },
          {
            "url" : "https://t.co/x",
            "expanded_url" : "https://twitter.com/i/web/status/1700000000000000009",
            "display_url" : "twitter.com/i/web/stat",
            "indices" : [
              "0",
              "1"
            ]
          }
        ]
      },
      "display_text_range" : [
        "0",
        "76"
      ],
      "favorite_count" : "20",
      "id_str" : "1700000000000000004",
      "truncated" : false,
      "retweet_count" : "5",
      "id" : "1700000000000000004",
      "created_at" : "Mon Sep 11 07:00:00 +0000 2023",
      "favorited" : false,
      "full_text" : "Our report with @NGO_Z on #G20: https://t.co/r (long version https://t.co/l)",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1700000000000000005"
          ],
          "editableUntil" : "2023-09-11T09:00:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : true
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [],
        "symbols" : [],
        "user_mentions" : [],
        "urls" : [
          {
            "url" : "https://t.co/x",
            "expanded_url" : "https://x.com/emb_example/status/1700000000000000004",
            "display_url" : "x.com/emb_example/stat",
            "indices" : [
              "0",
              "1"
            ]
          }
        ]
      },
      "display_text_range" : [
        "0",
        "38"
      ],
      "favorite_count" : "1",
      "id_str" : "1700000000000000005",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1700000000000000005",
      "created_at" : "Mon Sep 11 11:00:00 +0000 2023",
      "favorited" : false,
      "full_text" : "As we said this morning https://t.co/q",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
