from screening.cli import main

main(prog_name="python -m screening")
