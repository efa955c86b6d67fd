#!/usr/bin/perl
# npm run bench -- --compare: Debian's Sisimai (libsisimai-perl) over the same folder of
# messages, timed inside Perl (start-up and module loading excluded, in Sisimai's favour).
# With READS > 1 the folder is read READS times and only the reads after the first UNTIMED
# are timed (Sisimai loads each MTA module on first use; bench.ts explains the regimes).
# Each read's own rate goes to stderr.
# Prints one JSON line: {"version":..,"messages":..,"rows":..,"seconds":..,"cpuSeconds":..,"maxrss_kb":..}
use strict;
use warnings;
use Sisimai;
use Sisimai::Mail;
use Time::HiRes qw(time);

my ($dir, $reads, $untimed) = @ARGV;
die "usage: sisimai-bench.pl DIR [READS UNTIMED]\n" unless defined $dir;
$reads   = 1 unless $reads;
$untimed = 0 unless defined $untimed;

my ($t0, $u0, $s0) = (time, times);
my ($messages, $rows) = (0, 0);
for my $read (1 .. $reads) {
    if ($read == $untimed + 1) {
        # the timed part starts here
        ($t0, $u0, $s0) = (time, times);
        ($messages, $rows) = (0, 0);
    }
    my ($t1, $n1) = (time, 0);
    my $mail = Sisimai::Mail->new($dir);
    while (my $r = $mail->data->read) {
        $messages++;
        $n1++;
        my $data = Sisimai->make(\$r, 'input' => 'email');
        $rows += scalar @{ $data || [] };
    }
    # each read's own rate (Sisimai's does not change from read to read: it has no warm-up)
    printf STDERR "read %d: %.0f messages/s\n", $read, $n1 / ((time - $t1) || 1e-9);
}
my $seconds = time - $t0;
my ($u1, $s1) = times;
my $cpu = ($u1 - $u0) + ($s1 - $s0);
my $rss = 0;
if (open(my $fh, '<', '/proc/self/status')) {
    while (<$fh>) { $rss = $1 if /^VmHWM:\s+(\d+)/ }
    close $fh;
}
printf "{\"version\":\"%s\",\"messages\":%d,\"rows\":%d,\"seconds\":%.4f,\"cpuSeconds\":%.4f,\"maxrss_kb\":%d}\n", $Sisimai::VERSION, $messages, $rows, $seconds, $cpu, $rss;
