// The shapes of the HTTP API are generated from openapi.yaml (Generated/, by
// scripts/generate-api) and nowhere written by hand. Shapes that are domain values
// (identity, situation, marking, the exchange bodies and their vocabularies) are LiaisonCore's
// own types, so what the API accepts is exactly what may travel between nodes.

/// The schemas of openapi.yaml, e.g. `API.Exchange` for `#/components/schemas/Exchange`.
public typealias API = Components.Schemas
