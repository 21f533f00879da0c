#!/usr/bin/env bash
# lint.sh SRCDIR: pupiltrack's house rules that the compiler cannot see, checked over
# SRCDIR/src (run by CTest as the `lint` test and by `make lint`). Prints
# FILE:LINE: what for each finding and exits 1, or "lint: ok (N files)" and exits 0.
# The rules and their reasons are in docs/STYLE.md; comments and string contents are
# ignored where a rule is about code, so a comment may name what it avoids.
set -euo pipefail

if (($# != 1)) || [[ ! -d "$1/src" ]]; then
	echo "usage: tools/lint.sh SRCDIR   (the folder that holds src/)" >&2
	exit 2
fi
cd "$1"

mapfile -t files < <(find src -type f \( -name '*.c' -o -name '*.h' \) | LC_ALL=C sort)
if ((${#files[@]} == 0)); then
	echo "lint: no C files under $1/src" >&2
	exit 2
fi

# Layout: clang-format with the repo's .clang-format (`make format` fixes it).
# Checked where clang-format is installed (Debian's clang-format 14 is what
# formatted the tree); a machine without it skips this part and says so.
LINT_FMT=""
if command -v clang-format >/dev/null; then
	mapfile -t fmt_files < <(find src tests bench fuzz -type f \( -name '*.c' -o -name '*.h' \) \
		-not -path '*/node_modules/*' 2>/dev/null | LC_ALL=C sort)
	LINT_FMT=$(clang-format --dry-run "${fmt_files[@]}" 2>&1 |
		sed -n 's/^\([^:]*:[0-9]*\):[0-9]*: warning: code should be clang-formatted.*/\1/p' |
		sort -u -t: -k1,1)
else
	echo "lint: clang-format is not installed: layout not checked" >&2
fi

export LINT_FMT
exec perl -e '
use strict;
use warnings;

# Which layers a layer may include. web includes store/store.h because pages list
# records straight from the store (read queries); it never holds SQL itself.
my %may = (
	base    => [qw(base)],
	core    => [qw(base core)],
	store   => [qw(base core store)],
	formats => [qw(base core formats)],
	app     => [qw(base core store formats app)],
	web     => [qw(base core store formats app web)],
	cli     => [qw(base core store formats app web cli)],
);
my $layers = join "|", sort keys %may;

my $max_lines = 1000;
my %banned = (
	strcpy => "use snprintf or strbuf", strcat => "use strbuf", sprintf => "use snprintf",
	vsprintf => "use vsnprintf", strtok => "use strtok_r or a hand-written scanner",
	atoi => "use strtol with an end check", atol => "use strtol with an end check",
	atoll => "use strtoll with an end check", gets => "use fgets",
);
my $banned_re = join "|", sort keys %banned;
my @sql = (qr/\bSELECT\s/, qr/\bINSERT\s+INTO\b/, qr/\bUPDATE\s+\w+\s+SET\b/,
	qr/\bDELETE\s+FROM\b/, qr/\b(?:CREATE|DROP|ALTER)\s+(?:TABLE|INDEX)\b/);

my ($nfiles, $nprob) = (0, 0);
my %bad_files;

my @found;
sub problem {
	my ($file, $line, $what) = @_;
	push @found, [$line, "$file:$line: $what"];
	$nprob++;
	$bad_files{$file} = 1;
}

# Splits C text into (a) the text with comments blanked and (b) the same with
# string and character literal contents blanked too, both keeping every newline
# so that offsets map to the same lines; (c) string literals with their lines,
# adjacent literals joined ("SELECT " "x" is one literal to the compiler).
sub split_c {
	my ($s) = @_;
	my ($nocom, $code) = ("", "");
	my @lits;
	my ($i, $n, $line) = (0, length $s, 1);
	my ($cur, $cur_line, $last_end) = (undef, 0, -1);
	while ($i < $n) {
		my $c = substr($s, $i, 1);
		my $two = substr($s, $i, 2);
		if ($two eq "//") {
			my $j = index($s, "\n", $i);
			$j = $n if $j < 0;
			my $blank = " " x ($j - $i);
			$nocom .= $blank; $code .= $blank; $i = $j;
		} elsif ($two eq "/*") {
			my $j = index($s, "*/", $i + 2);
			$j = $j < 0 ? $n : $j + 2;
			(my $blank = substr($s, $i, $j - $i)) =~ s/[^\n]/ /g;
			$line += ($blank =~ tr/\n//);
			$nocom .= $blank; $code .= $blank; $i = $j;
		} elsif ($c eq "\"" || $c eq "\x27") {
			my $j = $i + 1;
			while ($j < $n) {
				my $d = substr($s, $j, 1);
				if ($d eq "\\") { $j += 2; next; }
				last if $d eq $c || $d eq "\n";
				$j++;
			}
			my $body = substr($s, $i + 1, $j - $i - 1);
			$j++ if $j < $n && substr($s, $j, 1) eq $c;
			$nocom .= substr($s, $i, $j - $i);
			(my $blank = $body) =~ s/[^\n]/ /g;
			$code .= $c . $blank . ($j - $i >= 2 ? $c : "");
			if ($c eq "\"") {
				my $between = $last_end >= 0 ? substr($s, $last_end, $i - $last_end) : "x";
				if (defined $cur && $between =~ /^\s*$/) {
					$cur .= $body;
				} else {
					push @lits, [$cur_line, $cur] if defined $cur;
					($cur, $cur_line) = ($body, $line);
				}
				$last_end = $j;
			}
			$line += ($body =~ tr/\n//);
			$i = $j;
		} else {
			$line++ if $c eq "\n";
			$nocom .= $c; $code .= $c; $i++;
		}
	}
	push @lits, [$cur_line, $cur] if defined $cur;
	return ($nocom, $code, \@lits);
}

sub line_of {
	my ($text, $pos) = @_;
	return 1 + (substr($text, 0, $pos) =~ tr/\n//);
}

for my $file (@ARGV) {
	$nfiles++;
	@found = ();
	open my $fh, "<", $file or die "lint: cannot read $file: $!\n";
	local $/;
	my $s = <$fh>;
	close $fh;

	my ($layer) = $file =~ m{^src/([^/]+)/};
	$layer //= "";
	my $in_base = $layer eq "base";

	my $lines = ($s =~ tr/\n//);
	$lines++ if length $s && substr($s, -1) ne "\n";
	problem($file, $lines, "$lines lines: split the file (at most $max_lines)")
		if $lines > $max_lines;

	my ($nocom, $code, $lits) = split_c($s);

	while ($code =~ /\b($banned_re)\s*\(/g) {
		problem($file, line_of($code, $-[0]), "banned function $1(): $banned{$1}");
	}
	if (!$in_base) {
		while ($code =~ /\b(malloc|calloc|realloc|reallocarray|strdup|strndup)\s*\(/g) {
			problem($file, line_of($code, $-[0]),
				"raw $1() outside src/base: use x$1() from base/xalloc.h");
		}
	}
	if ($file ne "src/web/server.c") {
		while ($code =~ /\b(MHD_create_response_\w*)\s*\(/g) {
			problem($file, line_of($code, $-[0]),
				"$1() outside src/web/server.c: responses are built in one place");
		}
	}
	if (!$in_base && $file ne "src/app/app.c") {
		while ($code =~ /\b(time\s*\(\s*(?:NULL|0|&\s*\w+)\s*\)|gettimeofday\s*\(|clock_gettime\s*\(\s*CLOCK_REALTIME\b)/g) {
			my $ln = line_of($code, $-[0]);
			(my $what = $1) =~ s/\s+//g;
			problem($file, $ln,
				"wall clock ($what) outside src/app/app.c and src/base: use app_now()");
		}
	}

	# Includes: rooted at src/ ("layer/file.h") and pointing down the layers only.
	while ($nocom =~ /^[ \t]*#[ \t]*include[ \t]*(["<])([^">]*)[">]/mg) {
		my ($kind, $inc) = ($1, $2);
		my $ln = line_of($nocom, $-[0]);
		if ($kind eq "<") {
			if ($inc =~ m{^(sqlite3\.h|libpq-fe\.h)$} && $layer ne "store") {
				problem($file, $ln, "<$inc> outside src/store: only the store speaks to the database");
			} elsif ($inc eq "microhttpd.h" && $layer ne "web") {
				problem($file, $ln, "<$inc> outside src/web");
			}
			next;
		}
		my ($to) = $inc =~ m{^($layers)/};
		if (!defined $to) {
			problem($file, $ln, "#include \"$inc\": name the layer, rooted at src/ (\"base/strbuf.h\")");
			next;
		}
		next unless exists $may{$layer};
		problem($file, $ln, "#include \"$inc\": $layer may not include $to (layers: base <- core <- store, formats <- app <- web <- cli)")
			unless grep { $_ eq $to } @{$may{$layer}};
	}

	if ($layer ne "store") {
		for my $lit (@$lits) {
			my ($ln, $text) = @$lit;
			for my $re (@sql) {
				if ($text =~ $re) {
					(my $show = $text) =~ s/\s+/ /g;
					$show = substr($show, 0, 40) . "..." if length $show > 40;
					problem($file, $ln, "SQL in a string outside src/store: \"$show\"");
					last;
				}
			}
		}
	}
	print "$_->[1]\n" for sort { $a->[0] <=> $b->[0] } @found;
}

for my $f (split /\n/, $ENV{LINT_FMT} // "") {
	my ($file, $ln) = split /:/, $f;
	print "$file:$ln: not laid out as .clang-format says: run make format\n";
	$nprob++;
	$bad_files{$file} = 1;
}

if ($nprob) {
	printf "lint: %d problem%s in %d file%s\n", $nprob, $nprob == 1 ? "" : "s",
		scalar(keys %bad_files), keys(%bad_files) == 1 ? "" : "s";
	exit 1;
}
print "lint: ok ($nfiles files)\n";
exit 0;
' "${files[@]}"
