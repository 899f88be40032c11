using System.Diagnostics;
using Npgsql;
using RabbitMQ.Client;

namespace LoopLoad;

/// <summary>One second of the run: progress of the referrals and how much work waits where (NaN: could not be read).</summary>
public sealed record Sample(double Seconds, int Started, int InFlight, int Told, int Lost, IReadOnlyDictionary<string, double> Depths);

/// <summary>
/// Once a second: each service's unsent outbox rows and Feedback's notifications due but not yet sent (SQL on the
/// services' databases), and the messages ready in every queue of the services' virtual host (a passive declare per
/// queue over AMQP; rabbitmqctl starts an Erlang VM per call, too heavy for every second on two cores). "Ready"
/// leaves out messages a consumer has taken but not yet acknowledged (at most the prefetch, 32 per consumer).
/// </summary>
public sealed class DepthSampler(ILoopSystem system, Stopwatch clock, Func<(int Started, int InFlight, int Told, int Lost)> progress)
{
    public const string UndeliveredSeries = "Feedback notifications due, unsent";
    public static string OutboxSeries(string service) => $"outbox {service}";
    public const string QueuedSeries = "queues (ready, all)";
    public const string ErrorSeries = "error queues";

    private readonly List<Sample> _samples = [];
    private List<string> _queues = [];
    private IConnection? _rabbit;

    public IReadOnlyList<Sample> Samples { get { lock (_samples) return [.. _samples]; } }

    /// <summary>Queue names, found once: the services declare their queues at start, before the load begins.</summary>
    public IReadOnlyList<string> Queues => _queues;

    public async Task Run(CancellationToken stop)
    {
        _queues = [.. (await system.Rabbit.ListQueues()).Select(q => q.Queue).Order()];
        var next = clock.Elapsed;
        while (!stop.IsCancellationRequested)
        {
            var at = clock.Elapsed.TotalSeconds;
            var (started, inFlight, told, lost) = progress();
            // All at once: on a busy machine one after another took several seconds.
            var outboxes = ILoopSystem.Services.Select(service => Count(service, "SELECT count(*) FROM outbox_messages WHERE sent_at IS NULL")).ToList();
            var undelivered = Count("Feedback", "SELECT count(*) FROM notifications WHERE status = 'pending' AND next_attempt_at <= now()");
            var queued = QueueDepths();
            var depths = new Dictionary<string, double>();
            foreach (var (service, i) in ILoopSystem.Services.Select((s, i) => (s, i))) depths[OutboxSeries(service)] = await outboxes[i];
            depths[UndeliveredSeries] = await undelivered;
            var queues = await queued;
            foreach (var (queue, ready) in queues) depths[$"queue {queue}"] = ready;
            depths[QueuedSeries] = queues.Count == 0 ? double.NaN : queues.Where(q => !q.Queue.EndsWith("_error", StringComparison.Ordinal)).Sum(q => q.Ready);
            depths[ErrorSeries] = queues.Count == 0 ? double.NaN : queues.Where(q => q.Queue.EndsWith("_error", StringComparison.Ordinal)).Sum(q => q.Ready);
            lock (_samples) _samples.Add(new Sample(at, started, inFlight, told, lost, depths));

            next += TimeSpan.FromSeconds(1);
            var wait = next - clock.Elapsed;
            if (wait > TimeSpan.Zero) await Task.Delay(wait, stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        if (_rabbit is not null) await _rabbit.DisposeAsync();
    }

    private async Task<double> Count(string service, string sql)
    {
        try
        {
            await using var connection = new NpgsqlConnection(system.Database(service));
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 2 };
            return Convert.ToDouble(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            return double.NaN; // the database is restarting (fault run) or the pool is exhausted: a gap in the plot
        }
    }

    private async Task<List<(string Queue, double Ready)>> QueueDepths()
    {
        try
        {
            if (_rabbit is not { IsOpen: true })
            {
                if (_rabbit is not null) await _rabbit.DisposeAsync();
                var factory = new ConnectionFactory
                {
                    HostName = system.Rabbit.Host, Port = system.Rabbit.Port, VirtualHost = system.Rabbit.VirtualHost,
                    UserName = "guest", Password = "guest", AutomaticRecoveryEnabled = false,
                    RequestedConnectionTimeout = TimeSpan.FromSeconds(2),
                };
                _rabbit = await factory.CreateConnectionAsync("looploadsampler");
            }
            // A channel answers one declare at a time: four channels share the queues.
            var parts = await Task.WhenAll(_queues.Chunk(Math.Max(1, (_queues.Count + 3) / 4)).Select(async part =>
            {
                await using var channel = await _rabbit.CreateChannelAsync();
                var depths = new List<(string, double)>();
                foreach (var queue in part) depths.Add((queue, (await channel.QueueDeclarePassiveAsync(queue)).MessageCount));
                return depths;
            }));
            return [.. parts.SelectMany(p => p)];
        }
        catch (Exception ex) when (ex is RabbitMQ.Client.Exceptions.RabbitMQClientException or RabbitMQ.Client.Exceptions.OperationInterruptedException
                                       or IOException or System.Net.Sockets.SocketException or TimeoutException or OperationCanceledException)
        {
            return []; // the broker is restarting (fault run): a gap in the plot
        }
    }
}
