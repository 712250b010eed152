#!/bin/bash
# usage: addapi.sh <project dir>  — appends RS0016 symbols to PublicAPI.Unshipped.txt
proj=$1
cd /work/wt/host
dotnet build $proj 2>&1 | grep "error RS0016" | sed -E "s/.*Symbol '(.*)' is not part of the declared public API.*/\1/" | sort -u >> $proj/PublicAPI.Unshipped.txt
sort -u -o /tmp/pa.txt <(grep -v '^#nullable' $proj/PublicAPI.Unshipped.txt); { echo '#nullable enable'; cat /tmp/pa.txt; } > $proj/PublicAPI.Unshipped.txt
