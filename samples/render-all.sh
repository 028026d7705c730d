#!/usr/bin/env bash
# Render every sample document: the plans, a single decision, and the batch of secondment decisions
# (one file per person, all merged into one file, and one decision with the list attached), and the
# sub-plans of 117/KH-UBND for the wards and communes in don-vi.csv, and the yearly reports (two units'
# and the city-wide sum) for 2024 and 2025 from ket-qua-2024.csv / ket-qua-2025.csv, and a bản sao
# (sao y, Mẫu 3.1) of plan 131 made by the Sở Nội vụ, and a draft of every type of `docgen new --list`.
# Every document also as PDF (--pdf: LibreOffice, kept warm while a command runs).
# Output: samples/*.docx and *.pdf next to their data, and samples/out/.
set -euo pipefail
cd "$(dirname "$0")"
docgen render ke-hoach-*.yaml quyet-dinh-tang-cuong-mot-nguoi.yaml quyet-dinh-ban-hanh-quy-che.yaml cong-van-*.yaml --pdf
docgen batch tang-cuong.xlsx --base quyet-dinh-tang-cuong.yaml -o out/quyet-dinh --pdf
docgen batch tang-cuong.xlsx --base quyet-dinh-tang-cuong.yaml -o out --merge out/quyet-dinh-gop.docx --pdf
docgen batch tang-cuong.csv --base quyet-dinh-tang-cuong.yaml -o out/quyet-dinh-danh-sach.docx --group --pdf
docgen subplan ke-hoach-117-2024.yaml --units don-vi.csv -o out/ke-hoach-con --pdf
for year in 2024 2025; do
  docgen report ke-hoach-117-2024.yaml --results ket-qua-$year.csv --year $year --units don-vi.csv \
    --aggregate --base bao-cao-tong-hop.yaml --ngay-lap 30/11/$year -o out/bao-cao-tong-hop-$year.docx --pdf
  for unit in ninh-kieu cai-rang; do
    docgen report ke-hoach-117-2024.yaml --results ket-qua-$year.csv --year $year --units don-vi.csv \
      --unit $unit --ngay-lap 10/11/$year -o out/bao-cao-$unit-$year.docx --pdf
  done
done
docgen copy ke-hoach-131-2025.docx --ho-so co-quan.yaml --co-quan so-noi-vu-can-tho --nguoi-ky pgd-snv \
  --so 5 --ngay 01/12/2025 --noi-nhan "UBND phường Cái Khế" -o out/ke-hoach-131-2025-sao-y.docx --pdf
# one draft of every type `docgen new` knows, from its skeleton (example agency written inline)
for kind in $(docgen new --list | cut -f1); do docgen new "$kind" -o out/moi/ --force >/dev/null; done
docgen render out/moi/*.yaml --pdf
docgen check *.docx out
