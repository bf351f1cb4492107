module weft.dev/goecho

go 1.19
