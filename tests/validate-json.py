#!/usr/bin/env python3
"""Validate JSON documents against a JSON Schema.

Usage: validate-json.py SCHEMA DOCUMENT...

Exit status: 0 when every document is valid, 1 when one is not (the
errors are printed), 2 on a usage error or an unreadable or invalid schema.
Needs the jsonschema module (Debian: python3-jsonschema).
"""
import json
import sys

try:
    import jsonschema
    from jsonschema.validators import validator_for
except ImportError:
    sys.stderr.write("validate-json: the jsonschema module is missing "
                     "(apt-get install python3-jsonschema)\n")
    sys.exit(2)


def load(path):
    # Strict: no NaN/Infinity, and the bytes must be UTF-8.
    def no_constant(name):
        raise ValueError("non-standard JSON constant %s" % name)
    with open(path, "rb") as f:
        data = f.read()
    return json.loads(data.decode("utf-8", errors="strict"),
                      parse_constant=no_constant)


def main(argv):
    if len(argv) < 3:
        sys.stderr.write(__doc__)
        return 2
    try:
        schema = load(argv[1])
        cls = validator_for(schema)
        cls.check_schema(schema)
    except (OSError, ValueError, jsonschema.exceptions.SchemaError) as e:
        sys.stderr.write("validate-json: bad schema %s: %s\n" % (argv[1], e))
        return 2
    validator = cls(schema)
    status = 0
    for path in argv[2:]:
        try:
            doc = load(path)
        except (OSError, ValueError) as e:
            sys.stderr.write("%s: not valid JSON: %s\n" % (path, e))
            status = 1
            continue
        errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
        for e in errors:
            where = "/".join(str(p) for p in e.absolute_path) or "(root)"
            sys.stderr.write("%s: %s: %s\n" % (path, where, e.message))
        if errors:
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv))
