using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace TestSupport;

/// <summary>
/// One service in-process over real HTTP semantics (WebApplicationFactory), on its own fresh PostgreSQL database
/// and RabbitMQ virtual host. One per test class (IClassFixture), so no test sees another class's rows.
/// </summary>
public class ServiceApi<TEntryPoint> : WebApplicationFactory<TEntryPoint>, IAsyncLifetime where TEntryPoint : class
{
    private string _database = "";
    private string _virtualHost = "";

    public string ConnectionString => _database;

    public virtual async Task InitializeAsync()
    {
        _database = await Servers.CreateDatabase($"api_{typeof(TEntryPoint).Name}");
        _virtualHost = await Servers.CreateVirtualHost("api");
        // Starts the host: migrations run before the first request.
        if (RealHttp)
        {
            UseKestrel(0);
            StartServer();
        }
        else _ = Server;
    }

    /// <summary>Kestrel on a loopback port instead of the in-memory test server: clients speak real HTTP (a FHIR client as a GP system would).</summary>
    protected virtual bool RealHttp => false;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        foreach (var (key, value) in ServiceProcess.DistributedEnvironment(_database, _virtualHost))
            builder.UseSetting(key.Replace("__", ":"), value);
        ConfigureSettings(builder);
    }

    protected virtual void ConfigureSettings(IWebHostBuilder builder) { }

    public HttpClient ClientAs(string? token)
    {
        var client = CreateClient();
        return token is null ? client : client.As(token);
    }

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Servers.DeleteVirtualHost(_virtualHost);
        await Servers.DropDatabase(_database);
    }
}
