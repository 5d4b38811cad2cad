Creator "hand-written for attaché tests, in the shape of Newman's datasets"
graph
[
  node
  [
    id 1
    label "emb_b"
  ]
  node
  [
    id 2
    label "mfa_a"
  ]
  node
  [
    id 3
  ]
  edge
  [
    source 1
    target 2
    value 3
  ]
  edge
  [
    source 3
    target 1
  ]
]
