using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using TestSupport;

namespace Security.Tests.Support;

/// <summary>What the matrix and the fuzzer need from a service under test.</summary>
public interface ISecurityApi
{
    Parties Parties { get; }
    /// <summary>Strings from the seeded data that no refused answer may contain (a person's name, NHS number, ...).</summary>
    IReadOnlyList<string> Secrets { get; }
    IReadOnlyList<ApiEndpoint> Endpoints { get; }
    HttpClient ClientFor(Caller caller);
    ServerErrors Errors { get; }
    Task<IReadOnlyDictionary<string, string>> Fingerprint();
}

/// <summary>
/// One service in-process on its own PostgreSQL database and RabbitMQ vhost, seeded once with the data every endpoint
/// needs. The ORUK rate limit is raised (the fuzzer would otherwise meet 429s, not the code it aims at) and Directory's
/// freshness sweep is off, so nothing changes the data behind the tests' back.
/// </summary>
public abstract class SecurityApi<TModule> : ServiceApi<TModule>, ISecurityApi where TModule : class
{
    private StateFingerprint? _fingerprint;
    private IReadOnlyList<ApiEndpoint>? _endpoints;

    public Parties Parties { get; protected set; } = new(Guid.NewGuid(), Guid.NewGuid());
    public abstract IReadOnlyList<string> Secrets { get; }
    public ServerErrors Errors { get; } = new();
    public IReadOnlyList<ApiEndpoint> Endpoints => _endpoints ??= EndpointCatalog.Of(Services);

    /// <summary>Tables a background worker updates after an accepted request: only which rows exist is compared.</summary>
    protected virtual IReadOnlyCollection<string> RowsOnlyTables => [];

    protected override void ConfigureSettings(IWebHostBuilder builder)
    {
        builder.UseSetting("OpenReferral:RateLimit:PermitLimit", "1000000");
        builder.UseSetting("Directory:FreshnessMonitor:Enabled", "false");
        // Scheduled imports would change their tables between a request and the check that it changed nothing.
        builder.UseSetting("Directory:ScheduledImports:Enabled", "false");
        builder.ConfigureLogging(logging => logging.AddProvider(Errors));
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await SeedAsync();
    }

    protected abstract Task SeedAsync();

    public HttpClient ClientFor(Caller caller) => ClientAs(Parties.Token(caller));

    public Task<IReadOnlyDictionary<string, string>> Fingerprint() =>
        (_fingerprint ??= new StateFingerprint(ConnectionString, RowsOnlyTables)).TakeAsync();
}
