#!/usr/bin/env bash
# Regenerates the committed source-format fixtures in test/fixtures/formats (PDF, DOCX, HTML,
# Markdown) from the bundled seed corpus/2012-gb316-pol1-labour-migration.txt. Needs LibreOffice
# (Debian: apt-get install -y libreoffice-writer-nogui); tests and CI only read the results.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v soffice >/dev/null || { echo "make-fixtures: soffice not found (apt-get install -y libreoffice-writer-nogui)" >&2; exit 2; }
out=test/fixtures/formats
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
npx tsc -p .
node scripts/make-fixtures.mjs "$out" "$work"
# a private profile, so a running LibreOffice or a user's settings cannot change the output
profile="file://$work/profile"
convert() { soffice -env:UserInstallation="$profile" --headless --convert-to "$1" --outdir "$work" "$2" >/dev/null; }
convert pdf:writer_pdf_Export "$work/gb316.fodt"
convert 'docx:MS Word 2007 XML' "$work/gb316.fodt"
convert pdf:writer_pdf_Export "$work/layout.fodt"
convert 'docx:MS Word 2007 XML' "$work/word.fodt"
cp "$work/gb316.pdf" "$work/gb316.docx" "$work/layout.pdf" "$work/word.docx" "$out/"
cp "$work/layout.fodt" "$work/encrypted.fodt"
convert 'pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},"DocumentOpenPassword":{"type":"string","value":"secret"}}' "$work/encrypted.fodt"
cp "$work/encrypted.pdf" "$out/"
ls -l "$out"
