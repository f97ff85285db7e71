"""Validates request bodies against a schema of an OpenAPI spec (Venice's own,
../shared/venice/swagger.yaml), so that what venice sends is checked by an
implementation that is not ours: jsonschema reads the spec's component schema
(OpenAPI 3.0's extra keywords, such as `example`, are ignored).

usage: spec_check.py SPEC SCHEMA BODY.json...   prints one line per body:
`ok` or `invalid: <first error>` (a field the schema does not declare
counts as one); exit 0 when every body is valid, 1 otherwise.
"""
import json
import sys

import jsonschema
import yaml


def validator(spec_path, schema_name):
    with open(spec_path, encoding="utf-8") as f:
        spec = yaml.safe_load(f)
    # The component, with the spec's components beside it so that its
    # `$ref`s (`#/components/schemas/...`) resolve.
    schema = {"$ref": f"#/components/schemas/{schema_name}", "components": spec["components"]}
    # OpenAPI 3.0's schemas are JSON Schema draft 4 (a boolean
    # `exclusiveMinimum`), with extensions a validator may ignore.
    return jsonschema.Draft4Validator(schema), set(spec["components"]["schemas"][schema_name]["properties"])


def main(argv):
    check, known = validator(argv[1], argv[2])
    ok = True
    for path in argv[3:]:
        with open(path, encoding="utf-8") as f:
            body = json.load(f)
        errors = sorted(check.iter_errors(body), key=lambda e: list(e.path))
        unknown = sorted(set(body) - known)
        if unknown:
            ok = False
            print(f"invalid: {unknown[0]}: not a field of the spec's schema")
        elif errors:
            ok = False
            where = "/".join(str(p) for p in errors[0].path) or "(body)"
            print(f"invalid: {where}: {errors[0].message}")
        else:
            print("ok")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
