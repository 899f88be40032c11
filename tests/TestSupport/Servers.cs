using System.Diagnostics;
using Npgsql;

namespace TestSupport;

/// <summary>
/// The real PostgreSQL and RabbitMQ the integration tests run against. The first use in a test process runs
/// deploy/local/infra.sh, which installs and starts them where needed; each test class then gets its own
/// database and virtual host, so no test sees another's data or queues.
/// </summary>
public static class Servers
{
    public const string PostgresAdmin = "Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres;Database=postgres;Pooling=false";
    public static string RepoRoot { get; } = FindRepoRoot();

    private static readonly Lazy<Task> Started = new(() => Run(Path.Combine(RepoRoot, "deploy/local/infra.sh")));

    public static Task EnsureStarted() => Started.Value;

    public static async Task<string> CreateDatabase(string prefix)
    {
        await EnsureStarted();
        var name = $"{prefix}_{Guid.NewGuid():N}"[..40].ToLowerInvariant();
        await using var connection = new NpgsqlConnection(PostgresAdmin);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await create.ExecuteNonQueryAsync();
        return $"Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres;Database={name};Maximum Pool Size=20";
    }

    public static async Task DropDatabase(string connectionString)
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(PostgresAdmin);
        await connection.OpenAsync();
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    public static async Task<string> CreateVirtualHost(string prefix)
    {
        await EnsureStarted();
        var vhost = $"{prefix}-{Guid.NewGuid():N}";
        await Run("rabbitmqctl", "-q", "add_vhost", vhost);
        await Run("rabbitmqctl", "-q", "set_permissions", "-p", vhost, "guest", ".*", ".*", ".*");
        return vhost;
    }

    public static Task DeleteVirtualHost(string vhost) => Run("rabbitmqctl", "-q", "delete_vhost", vhost);

    public static async Task<string> Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited {process.ExitCode}: {await error}");
        return await output;
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Directory.sln"))) return dir.FullName;
        throw new InvalidOperationException("Directory.sln not found above " + AppContext.BaseDirectory);
    }
}
