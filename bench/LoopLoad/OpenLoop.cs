using System.Diagnostics;

namespace LoopLoad;

/// <summary>
/// Open-loop arrivals: referral n starts at n / rate seconds whether or not earlier ones have finished, as referrals
/// arrive from many practitioners at once; a slow system therefore gathers a backlog instead of slowing the load.
/// </summary>
public sealed class OpenLoop(LoopClient client, Stopwatch clock)
{
    private int _started, _inFlight, _told, _lost;

    public (int Started, int InFlight, int Told, int Lost) Progress => (_started, _inFlight, _told, _lost);

    /// <param name="keepGoing">arrivals go on past <paramref name="count"/> while this holds (the fault run: until every fault is over).</param>
    /// <param name="giveUpAt">no referral waits past this, whatever its patience.</param>
    public async Task<List<Trace>> Run(int count, double rate, TimeSpan patience, Func<bool>? keepGoing = null, DateTime? giveUpAt = null)
    {
        var runs = new List<Task<Trace>>(count);
        var start = clock.Elapsed;
        for (var i = 0; i < count || keepGoing?.Invoke() == true; i++)
        {
            var wait = start + TimeSpan.FromSeconds(i / rate) - clock.Elapsed;
            if (wait > TimeSpan.Zero) await Task.Delay(wait);
            var number = i;
            Interlocked.Increment(ref _started);
            Interlocked.Increment(ref _inFlight);
            runs.Add(Task.Run(async () =>
            {
                var trace = await client.Run(number, patience, giveUpAt);
                Interlocked.Decrement(ref _inFlight);
                Interlocked.Increment(ref trace.WasTold ? ref _told : ref _lost);
                return trace;
            }));
        }
        return [.. await Task.WhenAll(runs)];
    }
}
