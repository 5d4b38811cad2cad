window.__THAR_CONFIG = {
  "userInfo" : {
    "accountId" : "1000000000000000001",
    "userName" : "emb_example",
    "displayName" : "Example Embassy"
  },
  "archiveInfo" : {
    "sizeBytes" : "48992",
    "generationDate" : "2024-05-02T10:11:12.345Z",
    "isPartialArchive" : false,
    "maxPartSizeBytes" : "53687091200"
  },
  "dataTypes" : {
    "account" : {
      "files" : [ { "fileName" : "data/account.js", "globalName" : "YTD.account.part0", "count" : "1" } ]
    },
    "directMessages" : {
      "mediaDirectory" : "data/direct_messages_media",
      "files" : [ { "fileName" : "data/direct-messages.js", "globalName" : "YTD.direct_messages.part0", "count" : "1" } ]
    },
    "follower" : {
      "files" : [ { "fileName" : "data/follower.js", "globalName" : "YTD.follower.part0", "count" : "2" } ]
    },
    "following" : {
      "files" : [ { "fileName" : "data/following.js", "globalName" : "YTD.following.part0", "count" : "2" } ]
    },
    "like" : {
      "files" : [ { "fileName" : "data/like.js", "globalName" : "YTD.like.part0", "count" : "2" } ]
    },
    "tweets" : {
      "mediaDirectory" : "data/tweets_media",
      "files" : [
        { "fileName" : "data/tweets.js", "globalName" : "YTD.tweets.part0", "count" : "7" },
        { "fileName" : "data/tweets-part1.js", "globalName" : "YTD.tweets.part1", "count" : "3" }
      ]
    }
  }
}
