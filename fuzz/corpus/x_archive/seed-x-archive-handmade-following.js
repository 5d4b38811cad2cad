Zwindow.YTD.following.part0 = [ {
  "following" : {
    "accountId" : "200000001",
    "userLink" : "https://twitter.com/intent/user?user_id=200000001"
  }
}, {
  "following" : {
    "accountId" : "700000007"
  }
} ]
