using System.Globalization;

namespace LoopLoad;

/// <summary>The three services in distributed mode, wherever they run: what the load and the checks need to reach them.</summary>
public interface ILoopSystem : IAsyncDisposable
{
    public static readonly string[] Services = ["Directory", "Referrals", "Feedback"];

    Uri Address(string service);

    /// <summary>The service's own database (the bench reads outbox depth and, after a fault run, the final state).</summary>
    string Database(string service);

    RabbitNode Rabbit { get; }

    /// <summary>The key the services check bearer tokens with: the bench signs its callers' tokens with it.</summary>
    string SigningKey { get; }

    /// <summary>The processes of each part (a service, PostgreSQL, RabbitMQ) where the bench knows them, for <see cref="CpuMeter"/>.</summary>
    IReadOnlyList<(string Part, int Pid)> Processes() => [];

    /// <summary>Where pg_stat_statements can be read and reset, when the bench started PostgreSQL with it (<c>--private</c>).</summary>
    string? StatementStatistics => null;
}

/// <summary>A RabbitMQ node and the virtual host the services use; <see cref="Node"/> null is the machine's default node.</summary>
public sealed record RabbitNode(string Host, int Port, string VirtualHost, string? Node)
{
    public IReadOnlyDictionary<string, string>? Environment { get; init; }

    /// <summary>Every queue with its messages (ready and unacknowledged): one rabbitmqctl call, too heavy to make every second.</summary>
    public async Task<List<(string Queue, long Messages)>> ListQueues()
    {
        List<string> arguments = Node is null ? [] : ["-n", Node];
        arguments.AddRange(["-q", "list_queues", "-p", VirtualHost, "name", "messages", "--no-table-headers"]);
        var output = await Shell.Run("rabbitmqctl", arguments, Environment, TimeSpan.FromMinutes(2));
        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('\t'))
            .Where(parts => parts.Length == 2 && long.TryParse(parts[1], CultureInfo.InvariantCulture, out _))
            .Select(parts => (parts[0], long.Parse(parts[1], CultureInfo.InvariantCulture)))];
    }
}
