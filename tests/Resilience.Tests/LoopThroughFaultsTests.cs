using System.Globalization;
using System.Security.Cryptography;
using LoopLoad;
using TestSupport;
using Xunit.Abstractions;

namespace Resilience.Tests;

/// <summary>
/// Issue #16's fault run at a CI-sized count: referrals go through the whole loop over HTTP (create with consent,
/// accept, first attendance, the referrer told "attended") while each service is SIGKILLed and started again, RabbitMQ
/// is restarted and PostgreSQL is restarted. The servers are the test's own (a PostgreSQL cluster and a RabbitMQ node
/// started for it), so the restarts touch no other test. LOOP_FAULTS_COUNT and LOOP_FAULTS_RATE change the size;
/// bench/LoopLoad's <c>faults</c> command runs the same at the 1,000 at 20 a second.
/// </summary>
public sealed class LoopThroughFaultsTests(ITestOutputHelper output)
{
    private static int Count => int.Parse(Environment.GetEnvironmentVariable("LOOP_FAULTS_COUNT") ?? "100", CultureInfo.InvariantCulture);
    private static double Rate => double.Parse(Environment.GetEnvironmentVariable("LOOP_FAULTS_RATE") ?? "5", CultureInfo.InvariantCulture);

    [Fact]
    public async Task Through_kills_and_restarts_every_referral_ends_in_progress_and_every_message_is_delivered_exactly_once()
    {
        await Servers.EnsureStarted(); // installs the PostgreSQL and RabbitMQ packages the private servers run from
        await using var system = await PrivateSystem.Start(Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)));

        // The budget ends the run (and stops its servers) even on a machine far slower than CI; a referral not told by then fails the test.
        var result = await FaultRun.Run(system, Count, Rate, output.WriteLine, budget: TimeSpan.FromMinutes(10));
        var referrals = result.Traces.Count;

        output.WriteLine(FaultRun.Markdown(result, Count, Rate, await Machine.Describe(Servers.RepoRoot)));
        Assert.All(result.Faults, fault => Assert.True(fault.InFlight > 0, $"'{fault.Fault}' hit an idle loop, so it proved nothing"));
        var verdict = result.Verdict;
        if (!verdict.Passed)
            foreach (var service in ILoopSystem.Services)
            {
                output.WriteLine($"{service} logged:");
                foreach (var line in system.LogDigest(service)) output.WriteLine(line);
            }
        Assert.True(verdict.Passed, verdict.Markdown());
        Assert.True(referrals >= Count);
        Assert.Equal(referrals, verdict.Told);
        Assert.Equal(referrals, verdict.Created);
        Assert.Equal(referrals, verdict.InProgressInReferrals);
        Assert.Equal(referrals, verdict.InProgressInFeedback);
        Assert.Equal(referrals, verdict.AttendanceRows);
        Assert.Equal(5 * referrals, verdict.FinalOnce);
        Assert.Equal(0, verdict.Duplicates);
        Assert.Equal(0, verdict.InErrorQueues);
    }
}
