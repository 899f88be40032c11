using FeedbackService.Notifications;

namespace Feedback.Tests.Notifications;

public sealed class InboxWatchTests
{
    private static Task<bool> Pulsed(InboxWatch.Subscription subscription) =>
        subscription.Signal.WaitAsync(TimeSpan.Zero, TimeProvider.System, CancellationToken.None);

    [Fact]
    public async Task A_commit_for_one_inbox_wakes_the_streams_watching_it_and_no_other()
    {
        var watch = new InboxWatch();
        using var referrer = watch.Subscribe(["gp-1"]);
        using var provider = watch.Subscribe(["staff-1", "org:a"]);
        using var otherProvider = watch.Subscribe(["staff-2", "org:b"]);

        watch.Pulse("org:a");

        Assert.True(await Pulsed(provider));
        Assert.False(await Pulsed(referrer));
        Assert.False(await Pulsed(otherProvider));
    }

    [Fact]
    public async Task A_closed_stream_is_no_longer_woken_and_pulse_all_wakes_every_open_one()
    {
        var watch = new InboxWatch();
        var closed = watch.Subscribe(["gp-1"]);
        using var open = watch.Subscribe(["gp-2"]);
        closed.Dispose();

        watch.Pulse("gp-1");
        Assert.False(await Pulsed(closed));

        watch.PulseAll();
        Assert.True(await Pulsed(open));
        Assert.False(await Pulsed(closed));
    }

    [Fact]
    public async Task Streams_read_the_database_a_few_at_a_time_however_many_wake_together()
    {
        var watch = new InboxWatch(maxConcurrentLooks: 2);
        var release = new TaskCompletionSource();
        int running = 0, most = 0;
        async Task<int> Look()
        {
            var now = Interlocked.Increment(ref running);
            lock (release) most = Math.Max(most, now);
            await release.Task;
            Interlocked.Decrement(ref running);
            return now;
        }

        var looks = Enumerable.Range(0, 6).Select(_ => watch.LookAsync(Look, CancellationToken.None)).ToList();
        await Task.Delay(100);
        Assert.Equal(2, Volatile.Read(ref running)); // the other four wait for a turn
        release.SetResult();
        await Task.WhenAll(looks);

        Assert.Equal(2, most);
        Assert.Equal(0, running);
    }
}
