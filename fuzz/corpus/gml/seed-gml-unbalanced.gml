graph [
  directed 0
  node [ id 1 label "a" ]
  node [ id 2 label "b" ]
  edge [ source 1 target 2 ]
  node [ id 3 label "c"
  edge [ source 2 target 3 ]
