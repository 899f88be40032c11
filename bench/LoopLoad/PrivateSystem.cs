using System.Diagnostics;
using Npgsql;

namespace LoopLoad;

/// <summary>
/// The distributed deployment on servers of its own: a PostgreSQL cluster and a RabbitMQ node started from the
/// machine's packages on free ports under a temporary folder, and the three services as processes started as
/// run-distributed.sh starts them (but from their build folder, so each reads its appsettings.json). Restarting these
/// servers touches nobody else's tests. Everything it started is stopped and deleted on dispose.
/// </summary>
public sealed class PrivateSystem : ILoopSystem
{
    private readonly string _folder;
    private readonly PrivatePostgres _postgres;
    private readonly PrivateRabbit _rabbit;
    private readonly Dictionary<string, ServiceProcess> _services = [];

    private PrivateSystem(string folder, string signingKey)
    {
        _folder = folder;
        SigningKey = signingKey;
        _postgres = new PrivatePostgres(Path.Combine(folder, "pg"));
        _rabbit = new PrivateRabbit(Path.Combine(folder, "rabbit"));
    }

    public string SigningKey { get; }
    public RabbitNode Rabbit => _rabbit.Node;
    public string Folder => _folder;
    public Uri Address(string service) => _services[service].Address;
    public string Database(string service) => _postgres.ConnectionString($"community_{service.ToLowerInvariant()}", pool: 4);
    public string? StatementStatistics => _postgres.ConnectionString("postgres", pool: 1);

    public static async Task<PrivateSystem> Start(string signingKey, IReadOnlyDictionary<string, string>? settings = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"loopload-{Guid.NewGuid():N}"[..17]);
        Directory.CreateDirectory(folder);
        var system = new PrivateSystem(folder, signingKey);
        try
        {
            await Task.WhenAll(system._postgres.Start(), system._rabbit.Start());
            await system._postgres.Execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            var root = Shell.RepoRoot();
            foreach (var service in ILoopSystem.Services)
            {
                var database = $"community_{service.ToLowerInvariant()}";
                await system._postgres.CreateDatabase(database);
                var environment = new Dictionary<string, string>
                {
                    ["ASPNETCORE_ENVIRONMENT"] = "Production",
                    ["Database__Provider"] = "Postgres",
                    ["ConnectionStrings__Database"] = system._postgres.ConnectionString(database),
                    ["Bus__Transport"] = "RabbitMq",
                    ["Bus__RabbitMq__Host"] = "127.0.0.1",
                    ["Bus__RabbitMq__Port"] = system._rabbit.Node.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["Auth__SigningKey"] = signingKey,
                };
                // "{service}" in a setting becomes the service's name, so a file the runtime writes can be one per service.
                foreach (var (key, value) in settings ?? new Dictionary<string, string>()) environment[key] = value.Replace("{service}", service);
                var dll = Path.Combine(root, "services", service, "bin", Shell.BuildConfiguration, "net10.0", $"{service}Service.dll");
                system._services[service] = new ServiceProcess(service, dll, environment, Path.Combine(folder, $"{service}.log"));
            }
            await Task.WhenAll(system._services.Values.Select(s => s.Start()));
        }
        catch
        {
            await system.DisposeAsync();
            throw;
        }
        return system;
    }

    /// <summary>SIGKILL (no shutdown hooks, like a crash or an OOM kill), then the same process again once it has gone.</summary>
    public async Task KillAndRestart(string service, TimeSpan down)
    {
        await _services[service].Kill();
        await Task.Delay(down);
        await _services[service].Start();
    }

    /// <summary>SIGKILL, then the same service again with <paramref name="settings"/> over its usual environment.</summary>
    public async Task Restart(string service, IReadOnlyDictionary<string, string> settings)
    {
        await _services[service].Kill();
        await _services[service].Start(settings);
    }

    public Task Kill(string service) => _services[service].Kill();

    public IReadOnlyList<(string Part, int Pid)> Processes() =>
    [
        .. _services.Where(s => s.Value.ProcessId is not null).Select(s => (s.Key, s.Value.ProcessId!.Value)),
        .. _postgres.ProcessId is { } postgres ? [("PostgreSQL", postgres)] : Array.Empty<(string, int)>(),
        .. _rabbit.ProcessId is { } rabbit ? [("RabbitMQ", rabbit)] : Array.Empty<(string, int)>(),
    ];

    public Task RestartRabbit() => _rabbit.Restart();

    public Task RestartPostgres() => _postgres.Restart();

    public string Log(string service) => File.Exists(_services.GetValueOrDefault(service)?.LogFile ?? "")
        ? File.ReadAllText(_services[service].LogFile) : "";

    /// <summary>
    /// Each distinct warning or error the service logged (its level, category and first message line) with how often,
    /// the most frequent first: what a failed run prints, since the folder holding the logs is deleted after it.
    /// </summary>
    public IEnumerable<string> LogDigest(string service, int top = 15)
    {
        var lines = Log(service).Split('\n');
        return lines.Select((line, i) => (line, next: i + 1 < lines.Length ? lines[i + 1].Trim() : ""))
            .Where(l => l.line.StartsWith("warn:", StringComparison.Ordinal) || l.line.StartsWith("fail:", StringComparison.Ordinal)
                        || l.line.StartsWith("crit:", StringComparison.Ordinal))
            .GroupBy(l => $"{l.line.Trim()} {l.next}")
            .OrderByDescending(g => g.Count())
            .Take(top)
            .Select(g => $"{g.Count(),5} x {g.Key}");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var service in _services.Values) await service.Kill();
        await _rabbit.Stop();
        await _postgres.Stop();
        if (Environment.GetEnvironmentVariable("LOOPLOAD_KEEP") != "1")
        {
            try { Directory.Delete(_folder, recursive: true); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }
}

/// <summary>One service as its own OS process, its output appended to a log file, so it can be SIGKILLed and started again.</summary>
public sealed class ServiceProcess(string name, string dll, IReadOnlyDictionary<string, string> environment, string logFile)
{
    private Process? _process;
    private readonly int _port = Shell.FreePort();

    public Uri Address => new($"http://127.0.0.1:{_port}");
    public string LogFile => logFile;
    public int? ProcessId => _process?.Id;

    public async Task Start(IReadOnlyDictionary<string, string>? settings = null)
    {
        if (!File.Exists(dll)) throw new FileNotFoundException($"Build {name} first ({Shell.BuildConfiguration})", dll);
        // exec: the shell becomes the service, so the process id is the service's own and a SIGKILL reaches it.
        var start = new ProcessStartInfo("sh") { WorkingDirectory = Path.GetDirectoryName(dll)! };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"exec dotnet '{dll}' >> '{logFile}' 2>&1");
        foreach (var (key, value) in environment) start.Environment[key] = value;
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) start.Environment[key] = value;
        start.Environment["Urls"] = Address.ToString();
        _process = Process.Start(start)!;

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        // Minutes, not seconds: on a 2-core machine shared with other builds a .NET service has taken over 3 minutes to start.
        var deadline = DateTime.UtcNow.AddMinutes(5);
        while (!await Shell.Ready(http, Address))
        {
            if (_process is not { } process) throw new InvalidOperationException($"{name} was stopped while starting");
            if (process.HasExited) throw new InvalidOperationException($"{name} exited {process.ExitCode}; its log ends:\n{LogTail()}");
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{name} was not ready in 5 minutes; its log ends:\n{LogTail()}");
            await Task.Delay(200);
        }
    }

    // The run's folder is deleted afterwards, so a failure carries the end of the log with it.
    private string LogTail() => File.Exists(logFile) ? string.Join('\n', File.ReadLines(logFile).TakeLast(40)) : "(no log)";

    /// <summary>SIGKILL. Safe to call twice at once (Ctrl+C's clean-up while a fault is killing it): only one caller gets the process.</summary>
    public async Task Kill()
    {
        if (Interlocked.Exchange(ref _process, null) is not { } process) return;
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        process.Dispose();
    }
}

/// <summary>A PostgreSQL cluster of the machine's version, run as the postgres user on a free loopback port.</summary>
public sealed class PrivatePostgres(string folder)
{
    private static readonly string Bin = Directory.GetDirectories("/usr/lib/postgresql").OrderDescending().Select(d => Path.Combine(d, "bin"))
        .FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb"))) ?? "/usr/lib/postgresql/15/bin";
    private readonly int _port = Shell.FreePort();
    private string Data => Path.Combine(folder, "data");

    /// <summary>The postmaster, parent of every backend: the first line of postmaster.pid.</summary>
    public int? ProcessId => File.Exists(Path.Combine(Data, "postmaster.pid"))
        && int.TryParse(File.ReadLines(Path.Combine(Data, "postmaster.pid")).FirstOrDefault(), out var pid) ? pid : null;

    public string ConnectionString(string database, int pool = 100) =>
        $"Host=127.0.0.1;Port={_port};Username=postgres;Password=postgres;Database={database};Maximum Pool Size={pool}";

    public async Task Start()
    {
        Directory.CreateDirectory(folder);
        await Shell.Run("chown", ["postgres:postgres", folder]);
        await AsPostgres("initdb", "-D", Data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync");
        await PgCtl("start");
    }

    /// <summary>A clean restart, as <c>pg_ctlcluster restart</c> does: every connection is closed, in-flight transactions roll back.</summary>
    public Task Restart() => PgCtl("restart", "-m", "fast");

    public async Task Stop()
    {
        if (!File.Exists(Path.Combine(Data, "postmaster.pid"))) return;
        try { await AsPostgres("pg_ctl", "-D", Data, "-m", "immediate", "-w", "stop"); }
        catch (InvalidOperationException) { }
    }

    public Task CreateDatabase(string name) => Execute($"CREATE DATABASE \"{name}\"");

    public async Task Execute(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres") + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private Task PgCtl(string action, params string[] more) => AsPostgres(["pg_ctl", "-D", Data, "-l", Path.Combine(folder, "postgres.log"), "-w",
        "-o", $"-p {_port} -c listen_addresses=127.0.0.1 -k {folder} -c max_connections=400 " +
        "-c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.max=5000", .. more, action]);

    private static Task AsPostgres(params string[] command) =>
        Shell.Run("runuser", ["-u", "postgres", "--", Path.Combine(Bin, command[0]), .. command[1..]], timeout: TimeSpan.FromMinutes(3));
}

/// <summary>
/// A RabbitMQ node of its own (its own name, ports, database and logs) started with the machine's rabbitmq-server, which
/// runs it as the rabbitmq user with that user's Erlang cookie; rabbitmqctl reaches it by name.
/// </summary>
public sealed class PrivateRabbit
{
    private readonly string _folder;

    public PrivateRabbit(string folder)
    {
        _folder = folder;
        var name = $"loopload-{Guid.NewGuid():N}"[..17] + "@localhost";
        var port = Shell.FreePort();
        var environment = new Dictionary<string, string>
        {
            ["RABBITMQ_NODENAME"] = name,
            ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
            ["RABBITMQ_NODE_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RABBITMQ_DIST_PORT"] = Shell.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RABBITMQ_MNESIA_BASE"] = Path.Combine(folder, "mnesia"),
            ["RABBITMQ_LOG_BASE"] = Path.Combine(folder, "log"),
            ["RABBITMQ_PID_FILE"] = Path.Combine(folder, "rabbit.pid"),
            ["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(folder, "enabled_plugins"),
            ["RABBITMQ_CONFIG_FILE"] = Path.Combine(folder, "rabbitmq"),
            ["RABBITMQ_ADVANCED_CONFIG_FILE"] = Path.Combine(folder, "advanced.config"),
        };
        Node = new RabbitNode("127.0.0.1", port, "/", name) { Environment = environment };
    }

    public RabbitNode Node { get; }
    private bool _running;

    /// <summary>The node's Erlang VM, from the pid file the node writes when it starts.</summary>
    public int? ProcessId => File.Exists(Path.Combine(_folder, "rabbit.pid"))
        && int.TryParse(File.ReadAllText(Path.Combine(_folder, "rabbit.pid")).Trim(), out var pid) ? pid : null;

    public async Task Start()
    {
        Directory.CreateDirectory(_folder);
        await File.WriteAllTextAsync(Path.Combine(_folder, "enabled_plugins"), "[].");
        await Shell.Run("chown", ["-R", "rabbitmq:rabbitmq", _folder]);
        await Shell.Run("rabbitmq-server", ["-detached"], Node.Environment);
        _running = true;
        // -detached returns before the node registers with epmd; await_startup fails until it has.
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (true)
        {
            try
            {
                await Ctl("await_startup", "--timeout", "60");
                return;
            }
            catch (InvalidOperationException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(1000);
            }
        }
    }

    /// <summary>The whole node stopped (the Erlang VM halts) and started again on its own data: a broker restart.</summary>
    public async Task Restart()
    {
        await Stop();
        await Start();
    }

    public async Task Stop()
    {
        if (!_running) return;
        await Ctl("stop");
        _running = false;
    }

    private Task<string> Ctl(params string[] arguments) =>
        Shell.Run("rabbitmqctl", ["-n", Node.Node!, .. arguments], Node.Environment, TimeSpan.FromMinutes(2));
}
