# comment lines are ignored
Version 1
Creator "attaché tests"
graph [
  directed 1
  multigraph 1
  # an edge before the nodes it names
  edge [ source 5 target 1 weight 4.87e-5 label "retweet" ]
  node [
    id 1
    label "Tom &amp; Jerry&apos;s &quot;embassy&quot; &#233;"
    rank +2
    score -Inf
    ratio NAN
    graphics [ x 0 y 0 w 10 ]
    nested [ a [ b 1 ] ]
    group "first"
    group "second"
  ]
  node [ id 5 label "mission" ]
  node [ id 6 label "twin" ]
  node [ id 7 label "twin" ]
  node [ label "no id" ]
  edge [ source 1 target 5 weight NAN ]
  edge [ source 1 target 5 weight -Inf ]
  edge [ source 5 target 6 weight -3.779e+2 kind "mention" ]
  edge [ source 6 target 7 ]
  edge [ source 7 target 6 ]
  edge [ source 7 target 99 ]
  edge [ target 6 ]
  edge [ source 1 target 1 ]
]
# a second graph is not read
graph [ node [ id 1 ] ]
