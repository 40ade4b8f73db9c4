"""Plain-text exports of statistics programs and report builders (issue 12, sixth blind set).

Each rule is checked on data written for the test, not on the corpus files that showed it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from symphainy.content.parsers.base import FileKind, ParseResult
from symphainy.content.sniff import sniff

ParseFn = Callable[..., ParseResult]


def _read(parse: ParseFn, path: Path) -> pa.Table:
    return pq.read_table(parse(path).tables[0].parquet_path)


def test_a_comma_separated_txt_export_is_a_table(tmp_path: Path, parse: ParseFn) -> None:
    path = tmp_path / "inspections.txt"
    path.write_text(
        "".join(
            f"2021LV{n:05d},HARBOUR TOWN,0{n % 3 + 1},{n * 7 % 90 + 5},Y\n" for n in range(1, 9)
        )
    )
    assert sniff(path, path.name).kind is FileKind.dataset
    table = _read(parse, path)
    assert table.num_rows == 8
    assert table.num_columns == 5
    assert pa.types.is_integer(table.schema.field(3).type)


def test_prose_with_commas_in_a_txt_stays_text(tmp_path: Path) -> None:
    path = tmp_path / "letter.txt"
    path.write_text(
        "Dear board, members, and friends,\n"
        "thank you, as ever, for the support this year.\n"
        "We opened two sites, hired staff, and\n"
        "closed the old depot, which, as you know, flooded.\n"
        "More news, soon.\n"
        "Yours, the treasurer\n"
    )
    assert sniff(path, path.name).kind is FileKind.document


def test_space_separated_file_with_row_names_is_a_table(tmp_path: Path, parse: ParseFn) -> None:
    path = tmp_path / "regions.csv"
    path.write_text(
        '"Births" "Deaths" "Share Urban"\n'
        '"North Shore" 1204 998 "NA"\n'
        '"Valley_East" 877 1010 61.5\n'
        '"Lakes" 1530 1211 72.25\n'
        '"Upper Glen" 402 455 18\n'
        '"Coast" 990 870 55.75\n'
    )
    table = _read(parse, path)
    assert table.num_columns == 4
    assert table.column(0).to_pylist() == [
        "North Shore",
        "Valley_East",
        "Lakes",
        "Upper Glen",
        "Coast",
    ]
    assert table.column_names[1:] == ["Births", "Deaths", "Share Urban"]
    assert pa.types.is_integer(table.schema.field("Births").type)
    assert table.column("Share Urban").null_count == 1
    assert pa.types.is_floating(table.schema.field("Share Urban").type)


def test_a_column_of_full_names_is_not_split_on_spaces(tmp_path: Path, parse: ParseFn) -> None:
    path = tmp_path / "members.csv"
    path.write_text("member\nAda Byron\nAlan Turing\nGrace Hopper\nEdsger Dijkstra\nKaren Jones\n")
    table = _read(parse, path)
    assert table.num_columns == 1
    assert table.column(0).to_pylist()[0] == "Ada Byron"


def test_filter_lines_set_apart_above_the_names_are_notes(tmp_path: Path, parse: ParseFn) -> None:
    path = tmp_path / "report.csv"
    path.write_text(
        "Regional Council\n"
        "\n"
        '"Measure","Households, occupied"\n'
        "\n"
        '"Ward","Street code","Count",\n'
        '"Central","40017",210,\n'
        ',"40018",95,\n'
        ',"40021",330,\n'
        '"Riverside","50002",12,\n'
        ',"50003",87,\n'
    )
    result = parse(path)
    table = pq.read_table(result.tables[0].parquet_path)
    assert table.column_names[:3] == ["Ward", "Street code", "Count"]
    assert table.num_rows == 5
    assert table.column("Count").to_pylist() == [210, 95, 330, 12, 87]


def test_a_stray_quote_inside_an_unquoted_field_is_read(tmp_path: Path, parse: ParseFn) -> None:
    path = tmp_path / "crashes.csv"
    rows = [f"R{n},CASE {n},MILE {n},{n * 3}\n" for n in range(1, 7)]
    rows[3] = 'R4,CASE 4,""B"" STREET,12\n'  # a police export's doubled quotes, unquoted
    path.write_text("ref,case,location,vehicles\n" + "".join(rows))
    table = _read(parse, path)
    assert table.num_rows == 6
    assert table.column("vehicles").to_pylist() == [3, 6, 9, 12, 15, 18]


def test_short_note_lines_past_the_sample_do_not_refuse_the_file(
    tmp_path: Path, parse: ParseFn
) -> None:
    body = "".join(f'"S{n}","{n:04d}x",{n},{n * 2}\n' for n in range(400))
    path = tmp_path / "stations.csv"
    path.write_text('"site","code","a","b"\n' + body + '\n"Source: a survey office"\n')
    result = parse(path)
    assert result.kind is FileKind.dataset
    assert pq.read_table(result.tables[0].parquet_path).num_rows >= 400


def test_yyyymmdd_numbers_under_a_date_header_are_dates(tmp_path: Path, parse: ParseFn) -> None:
    path = tmp_path / "readings.csv"
    path.write_text(
        "Trade Date,level,batch\n20230228,4.5,20230101\n20231031,4.75,20230102\n"
        "20240102,,20230103\n"
    )
    table = _read(parse, path)
    assert pa.types.is_date(table.schema.field("Trade Date").type)
    assert str(table.column("Trade Date").to_pylist()[1]) == "2023-10-31"
    assert pa.types.is_integer(table.schema.field("batch").type)  # no date in its name


def test_a_number_under_a_date_header_that_is_no_day_stays_a_number(
    tmp_path: Path, parse: ParseFn
) -> None:
    path = tmp_path / "counts.csv"
    path.write_text("date,n\n20231301,1\n20231105,2\n20231106,3\n")
    table = _read(parse, path)
    assert pa.types.is_integer(table.schema.field("date").type)


def test_quarters_and_dashed_month_names_are_dates(tmp_path: Path, parse: ParseFn) -> None:
    path = tmp_path / "series.csv"
    path.write_text(
        "quarter,month,value\n2001Q1,Oct-1-2003,1.5\n2001Q2,Nov-15-2003,1.7\n"
        "2001Q3,Dec-1-2003,1.9\n2001Q4,Jan-2-2004,2.0\n"
    )
    table = _read(parse, path)
    assert pa.types.is_timestamp(table.schema.field("quarter").type) or pa.types.is_date(
        table.schema.field("quarter").type
    )
    assert str(table.column("quarter").to_pylist()[2])[:10] == "2001-07-01"
    assert str(table.column("month").to_pylist()[1])[:10] == "2003-11-15"


def test_quarter_names_in_a_header_are_names(tmp_path: Path, parse: ParseFn) -> None:
    path = tmp_path / "wide.csv"
    path.write_text("region,2022Q3,2022Q4,2023Q1\nNorth,10.5,11.0,9.75\nSouth,8.25,8.5,8.0\n")
    table = _read(parse, path)
    assert table.column_names == ["region", "2022Q3", "2022Q4", "2023Q1"]
    assert table.num_rows == 2


def test_prices_zero_padded_to_one_width_are_numbers(tmp_path: Path, parse: ParseFn) -> None:
    path = tmp_path / "settle.csv"
    path.write_text(
        "sym\tlast\tnace\ticd\n"
        "AB\t000412.05\t01.11\t001.0\n"
        "CD\t015020.50\t01.13\t002.1\n"
        "EF\t000000000\t02.10\t003.9\n"
        "GH\t000007.25\t03.11\t004.2\n"
    )
    table = _read(parse, path)
    assert table.column("last").to_pylist() == [412.05, 15020.5, 0.0, 7.25]
    assert table.column("nace").to_pylist()[0] == "01.11"  # activity codes keep their zero
    assert table.column("icd").to_pylist()[0] == "001.0"


def test_a_quoted_multi_line_note_above_the_table_skips_no_data(
    tmp_path: Path, parse: ParseFn
) -> None:
    path = tmp_path / "profile.csv"
    path.write_text(
        'Dataset:,"HX-204"\n'
        'About:,"Harbour traffic, 2004\n\nCompiled from the port registers.\n"\n'
        'Units:,"see table"\n'
        "\n"
        "port,ships,tonnage,berths\n"
        "Kelby,120,4500.5,6\n"
        "Marrow,95,3100.25,4\n"
        "Tarn,210,9800.75,11\n"
        "Vesk,40,1200.5,2\n"
    )
    table = _read(parse, path)
    assert table.column("port").to_pylist() == ["Kelby", "Marrow", "Tarn", "Vesk"]


def test_year_names_over_empty_latest_years_are_the_header(tmp_path: Path, parse: ParseFn) -> None:
    path = tmp_path / "indicator.csv"
    path.write_text(
        "Country,Code,2019,2020,2021,2022\n"
        "Norland,NRL,1.5,1.6,1.55,\n"
        "Estmark,EMK,2.1,2.05,2.0,\n"
        "Sudia,SDA,,3.3,3.25,\n"
    )
    table = _read(parse, path)
    assert table.column_names[:4] == ["Country", "Code", "2019", "2020"]
    assert table.num_rows == 3


def test_padded_whole_numbers_beside_padded_decimals_are_numbers(
    tmp_path: Path, parse: ParseFn
) -> None:
    path = tmp_path / "closing.csv"
    path.write_text(
        "sym,close,lots,branch\n"
        "AB,000412.05,000120,00412\n"
        "CD,015020.50,004500,00977\n"
        "EF,000007.25,000000,01203\n"
    )
    table = _read(parse, path)
    assert table.column("lots").to_pylist() == [120, 4500, 0]
    assert table.column("branch").to_pylist() == [412, 977, 1203]


def test_padded_whole_numbers_alone_stay_codes(tmp_path: Path, parse: ParseFn) -> None:
    path = tmp_path / "branches.csv"
    path.write_text("branch,staff\n00412,12\n00977,8\n01203,15\n")
    table = _read(parse, path)
    assert table.column("branch").to_pylist() == ["00412", "00977", "01203"]


def test_a_column_of_measures_with_units_is_not_split_on_spaces(
    tmp_path: Path, parse: ParseFn
) -> None:
    path = tmp_path / "weights.csv"
    path.write_text("weight\n12 kg\n13 kg\n14.5 kg\n11 kg\n10 kg\n")
    table = _read(parse, path)
    assert table.column_names == ["weight"]
    assert table.column("weight").to_pylist() == [12, 13, 14.5, 11, 10]
