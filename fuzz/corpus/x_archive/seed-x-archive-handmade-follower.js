window.YTD.follower.part0 = [ {
  "follower" : {
    "accountId" : "400000004",
    "userLink" : "https://twitter.com/intent/user?user_id=400000004"
  }
}, {
  "follower" : {
    "accountId" : "300000003",
    "userLink" : "https://twitter.com/intent/user?user_id=300000003"
  }
} ]
