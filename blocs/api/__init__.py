"""The REST API, version 1: the contract in the design's "REST API, version 1" table.

`urls` mounts the endpoints, `views` answers them (thin: a queryset, a FilterSet from `blocs.filtersets`,
a serializer), `serializers` says what a row looks like and runs model validation on writes, `csv` streams
any list as CSV, `conditional` makes ETags from the data version, `exceptions` turns every error into a
4xx with a message (a race into a 409), and `schema` documents all of it in OpenAPI 3.
"""
