module github.com/causeway/tools/openbao

go 1.24
