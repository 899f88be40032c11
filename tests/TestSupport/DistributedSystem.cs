using Npgsql;

namespace TestSupport;

/// <summary>
/// The three services as separate processes, each on its own PostgreSQL database, sharing one RabbitMQ
/// virtual host: the distributed deployment in miniature, made fresh for one test that kills, restarts or reconfigures
/// a service, or once for the tests that do none of those (EndToEnd.Tests' SharedSystem).
/// </summary>
public sealed class DistributedSystem : IAsyncDisposable
{
    public static readonly string[] ServiceNames = ["Directory", "Referrals", "Feedback"];

    private DistributedSystem(string virtualHost, Dictionary<string, string> databases, Dictionary<string, ServiceProcess> services)
    {
        VirtualHost = virtualHost;
        Databases = databases;
        Services = services;
    }

    public string VirtualHost { get; }
    public IReadOnlyDictionary<string, string> Databases { get; }
    public IReadOnlyDictionary<string, ServiceProcess> Services { get; }
    public ServiceProcess Directory => Services["Directory"];
    public ServiceProcess Referrals => Services["Referrals"];
    public ServiceProcess Feedback => Services["Feedback"];

    /// <summary>
    /// Creates the databases and virtual host; <paramref name="overrides"/> adds settings per service, in which
    /// "{Directory}", "{Referrals}" and "{Feedback}" stand for that service's base address (one service's setting can
    /// name another's URL, though ports are chosen here).
    /// </summary>
    public static async Task<DistributedSystem> Start(IReadOnlyDictionary<string, Dictionary<string, string>>? overrides = null)
    {
        var virtualHost = await Servers.CreateVirtualHost("e2e");
        var databases = new Dictionary<string, string>();
        var services = new Dictionary<string, ServiceProcess>();
        var environments = new Dictionary<string, Dictionary<string, string>>();
        foreach (var name in ServiceNames)
        {
            databases[name] = await Servers.CreateDatabase($"e2e_{name}");
            var environment = environments[name] = ServiceProcess.DistributedEnvironment(databases[name], virtualHost);
            foreach (var (key, value) in overrides?.GetValueOrDefault(name) ?? []) environment[key] = value;
            services[name] = new ServiceProcess(name, environment);
        }
        foreach (var environment in environments.Values)
            foreach (var key in environment.Keys.ToList())
                foreach (var name in ServiceNames)
                    environment[key] = environment[key].Replace($"{{{name}}}", services[name].BaseAddress.ToString().TrimEnd('/'));
        var system = new DistributedSystem(virtualHost, databases, services);
        try
        {
            await Task.WhenAll(services.Values.Select(s => s.Start()));
        }
        catch
        {
            await system.DisposeAsync(); // no orphaned processes, databases or vhosts when a start fails
            throw;
        }
        return system;
    }

    /// <summary>Reads a service's own database directly: how the tests see what a process really committed.</summary>
    public async Task<long> Count(string service, string sql)
    {
        await using var connection = new NpgsqlConnection(Databases[service]);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    /// <summary>Runs a statement on a service's own database (a test's setting of the scene).</summary>
    public async Task Execute(string service, string sql)
    {
        await using var connection = new NpgsqlConnection(Databases[service]);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>One text value from a service's own database (for example a <c>string_agg</c> of the rows to compare).</summary>
    public async Task<string?> Text(string service, string sql)
    {
        await using var connection = new NpgsqlConnection(Databases[service]);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync() as string;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var service in Services.Values) await service.DisposeAsync();
        await Servers.DeleteVirtualHost(VirtualHost);
        foreach (var database in Databases.Values) await Servers.DropDatabase(database);
    }
}
