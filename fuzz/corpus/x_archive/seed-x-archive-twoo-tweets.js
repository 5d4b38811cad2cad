window.YTD.tweets.part0 = [
  {
    "tweet": {
      "edit_info": {
        "initial": {
          "editTweetIds": [
            "1629012888185610242"
          ],
          "editableUntil": "2023-02-24T07:28:32.000Z",
          "editsRemaining": "5",
          "isEditEligible": false
        }
      },
      "retweeted": false,
      "source": "<a href=\"http://twitter.com/download/android\" rel=\"nofollow\">Twitter for Android</a>",
      "entities": {
        "hashtags": [],
        "symbols": [],
        "user_mentions": [
          {
            "name": "René-Pier is finishing Stoneburner",
            "screen_name": "RPDeshaies",
            "indices": [
              "0",
              "11"
            ],
            "id_str": "405655908",
            "id": "405655908"
          }
        ],
        "urls": []
      },
      "display_text_range": [
        "0",
        "46"
      ],
      "favorite_count": "0",
      "in_reply_to_status_id_str": "1628894722889601024",
      "id_str": "1629012888185610242",
      "in_reply_to_user_id": "405655908",
      "truncated": false,
      "retweet_count": "0",
      "id": "1629012888185610242",
      "in_reply_to_status_id": "1628894722889601024",
      "created_at": "Fri Feb 24 06:58:32 +0000 2023",
      "favorited": false,
      "full_text": "@RPDeshaies Pretty much anything by Bal-Sagoth",
      "lang": "en",
      "in_reply_to_screen_name": "RPDeshaies",
      "in_reply_to_user_id_str": "405655908"
    }
  },
  {
    "tweet": {
      "edit_info": {
        "initial": {
          "editTweetIds": [
            "1621227294948823040"
          ],
          "editableUntil": "2023-02-02T19:51:22.000Z",
          "editsRemaining": "5",
          "isEditEligible": false
        }
      },
      "retweeted": false,
      "source": "<a href=\"http://twitter.com/download/android\" rel=\"nofollow\">Twitter for Android</a>",
      "entities": {
        "hashtags": [],
        "symbols": [],
        "user_mentions": [
          {
            "name": "Rich | Hatchlings Games",
            "screen_name": "HatchlingDM",
            "indices": [
              "0",
              "12"
            ],
            "id_str": "29318308",
            "id": "29318308"
          }
        ],
        "urls": []
      },
      "display_text_range": [
        "0",
        "19"
      ],
      "favorite_count": "1",
      "in_reply_to_status_id_str": "1621070867949309952",
      "id_str": "1621227294948823040",
      "in_reply_to_user_id": "29318308",
      "truncated": false,
      "retweet_count": "0",
      "id": "1621227294948823040",
      "in_reply_to_status_id": "1621070867949309952",
      "created_at": "Thu Feb 02 19:21:22 +0000 2023",
      "favorited": false,
      "full_text": "@HatchlingDM Hello!",
      "lang": "en",
      "in_reply_to_screen_name": "HatchlingDM",
      "in_reply_to_user_id_str": "29318308"
    }
  },
  {
    "tweet": {
      "edit_info": {
        "initial": {
          "editTweetIds": [
            "1615972041017942016"
          ],
          "editableUntil": "2023-01-19T07:48:52.000Z",
          "editsRemaining": "5",
          "isEditEligible": false
        }
      },
      "retweeted": false,
      "source": "<a href=\"http://twitter.com/download/android\" rel=\"nofollow\">Twitter for Android</a>",
      "entities": {
        "hashtags": [],
        "symbols": [],
        "user_mentions": [
          {
            "name": "Cwis 🏴󠁧󠁢󠁷󠁬󠁳󠁿",
            "screen_name": "ChrisDRimmer",
            "indices": [
              "0",
              "13"
            ],
            "id_str": "20223788",
            "id": "20223788"
          }
        ],
        "urls": []
      },
      "display_text_range": [
        "0",
        "222"
      ],
      "favorite_count": "1",
      "in_reply_to_status_id_str": "1615686865612324864",
      "id_str": "1615972041017942016",
      "in_reply_to_user_id": "20223788",
      "truncated": false,
      "retweet_count": "0",
      "id": "1615972041017942016",
      "in_reply_to_status_id": "1615686865612324864",
      "created_at": "Thu Jan 19 07:18:52 +0000 2023",
      "favorited": false,
      "full_text": "@ChrisDRimmer I get that. Bad people can do good things and while the jury is out on whether or not that makes a difference on whether the person is bad or not, a net increase in good out in the world can't be a bad thing.",
      "lang": "en",
      "in_reply_to_screen_name": "ChrisDRimmer",
      "in_reply_to_user_id_str": "20223788"
    }
  },
  {
    "tweet": {
      "edit_info": {
        "initial": {
          "editTweetIds": [
            "1615615032137482240"
          ],
          "editableUntil": "2023-01-18T08:10:14.000Z",
          "editsRemaining": "5",
          "isEditEligible": false
        }
      },
      "retweeted": false,
      "source": "<a href=\"http://twitter.com/download/android\" rel=\"nofollow\">Twitter for Android</a>",
      "entities": {
        "hashtags": [],
        "symbols": [],
        "user_mentions": [
          {
            "name": "Jesse Raen",
            "screen_name": "JesseRaen",
            "indices": [
              "0",
              "10"
            ],
            "id_str": "139055606",
            "id": "139055606"
          }
        ],
        "urls": []
      },
      "display_text_range": [
        "0",
        "36"
      ],
      "favorite_count": "1",
      "in_reply_to_status_id_str": "1615417213283930113",
      "id_str": "1615615032137482240",
      "in_reply_to_user_id": "139055606",
      "truncated": false,
      "retweet_count": "0",
      "id": "1615615032137482240",
      "in_reply_to_status_id": "1615417213283930113",
      "created_at": "Wed Jan 18 07:40:14 +0000 2023",
      "favorited": false,
      "full_text": "@JesseRaen It seals in the freshness",
      "lang": "en",
      "in_reply_to_screen_name": "JesseRaen",
      "in_reply_to_user_id_str": "139055606"
    }
  },
  {
    "tweet": {
      "edit_info": {
        "initial": {
          "editTweetIds": [
            "1613882979541028864"
          ],
          "editableUntil": "2023-01-13T13:27:41.000Z",
          "editsRemaining": "5",
          "isEditEligible": false
        }
      },
      "retweeted": false,
      "source": "<a href=\"http://twitter.com/download/android\" rel=\"nofollow\">Twitter for Android</a>",
      "entities": {
        "hashtags": [],
        "symbols": [],
        "user_mentions": [
          {
            "name": "Scarlet 🍪| follow me on Itchio!",
            "screen_name": "imalsoscarlet",
            "indices": [
              "0",
              "14"
            ],
            "id_str": "981978397634068480",
            "id": "981978397634068480"
          }
        ],
        "urls": []
      },
      "display_text_range": [
        "0",
        "216"
      ],
      "favorite_count": "2",
      "in_reply_to_status_id_str": "1613586027133767680",
      "id_str": "1613882979541028864",
      "in_reply_to_user_id": "981978397634068480",
      "truncated": false,
      "retweet_count": "0",
      "id": "1613882979541028864",
      "in_reply_to_status_id": "1613586027133767680",
      "created_at": "Fri Jan 13 12:57:41 +0000 2023",
      "favorited": false,
      "full_text": "@imalsoscarlet I'm a big fan, easily one of my favourite settings in a long time. Mechanically the cypher system is nice and easy to get into. I liked it enough to write and publish my own third party content for it.",
      "lang": "en",
      "in_reply_to_screen_name": "imalsoscarlet",
      "in_reply_to_user_id_str": "981978397634068480"
    }
  },
  {
    "tweet": {
      "edit_info": {
        "initial": {
          "editTweetIds": [
            "1613255403394965504"
          ],
          "editableUntil": "2023-01-11T19:53:55.000Z",
          "editsRemaining": "5",
          "isEditEligible": false
        }
      },
      "retweeted": false,
      "source": "<a href=\"http://twitter.com/download/android\" rel=\"nofollow\">Twitter for Android</a>",
      "entities": {
        "hashtags": [],
        "symbols": [],
        "user_mentions": [
          {
            "name": "KissItBetter ⁷",
