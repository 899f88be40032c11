using System.Text.Json;
using BuildingBlocks.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace BuildingBlocks.Tests.Web;

/// <summary>The one exception handler answers a lost race (a concurrency token or a unique key) with a 409, in every service.</summary>
public sealed class ProblemDetailsExceptionHandlerTests
{
    private static async Task<(int Status, JsonElement Body)> Handle(Exception exception)
    {
        var (status, body, _) = await HandleIn(exception);
        return (status, body);
    }

    private static async Task<(int Status, JsonElement Body, IHeaderDictionary Headers)> HandleIn(Exception exception)
    {
        var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        var http = new DefaultHttpContext { RequestServices = services };
        http.Response.Body = new MemoryStream();
        var handler = new ProblemDetailsExceptionHandler(services.GetRequiredService<IProblemDetailsService>(),
            NullLogger<ProblemDetailsExceptionHandler>.Instance);

        Assert.True(await handler.TryHandleAsync(http, exception, CancellationToken.None));
        http.Response.Body.Position = 0;
        return (http.Response.StatusCode, await JsonSerializer.DeserializeAsync<JsonElement>(http.Response.Body), http.Response.Headers);
    }

    public static TheoryData<string> LostRaces() => ["concurrency token", "PostgreSQL unique key", "SQLite unique key", "SQLite primary key"];

    [Theory]
    [MemberData(nameof(LostRaces))]
    public async Task A_lost_race_is_a_409_problem_asking_to_reload(string race)
    {
        Exception exception = race switch
        {
            "concurrency token" => new DbUpdateConcurrencyException("0 rows affected"),
            "PostgreSQL unique key" => new DbUpdateException("save failed",
                new PostgresException("duplicate key", "ERROR", "ERROR", PostgresErrorCodes.UniqueViolation)),
            "SQLite unique key" => new DbUpdateException("save failed", new SqliteException("UNIQUE constraint failed", 19, 2067)),
            _ => new DbUpdateException("save failed", new SqliteException("UNIQUE constraint failed", 19, 1555)),
        };

        var (status, body) = await Handle(exception);

        Assert.Equal(StatusCodes.Status409Conflict, status);
        Assert.Contains("reload", body.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Any_other_database_failure_stays_a_500_that_says_nothing_of_it()
    {
        var (status, body) = await Handle(new DbUpdateException("save failed",
            new PostgresException("value too long for type character varying(30)", "ERROR", "ERROR", PostgresErrorCodes.StringDataRightTruncation)));

        Assert.Equal(StatusCodes.Status500InternalServerError, status);
        Assert.DoesNotContain("character varying", body.ToString());
    }

    public static TheoryData<string> Outages() => ["PostgreSQL shutting down", "connection refused", "SQLite busy"];

    [Theory]
    [MemberData(nameof(Outages))]
    public async Task The_database_being_unreachable_is_a_503_asking_to_retry_shortly(string outage)
    {
        Exception exception = outage switch
        {
            "PostgreSQL shutting down" => new DbUpdateException("save failed",
                new PostgresException("terminating connection due to administrator command", "FATAL", "FATAL", PostgresErrorCodes.AdminShutdown)),
            "connection refused" => new InvalidOperationException("An exception has been raised that is likely due to a transient failure.",
                new NpgsqlException("Failed to connect to 127.0.0.1:5432", new System.Net.Sockets.SocketException(111))),
            _ => new SqliteException("database is locked", 5),
        };

        var (status, body, headers) = await HandleIn(exception);

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, status);
        Assert.Equal("2", headers.RetryAfter.ToString());
        Assert.Contains("try again", body.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("{\"person\":{\"givenName\":\"Ma\\u0000ry\"}}", "person.givenName", "control characters")]
    [InlineData("{\"person\":{\"givenName\":42}}", "person.givenName", "expected type")]
    [InlineData("[1,2,3]", "body", "expected type")]
    public async Task A_body_of_the_wrong_shape_is_a_400_naming_the_field_in_the_clients_terms(string json, string field, string says)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { Converters = { new BuildingBlocks.Validation.PlainTextJsonConverter() } };
        var thrown = Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize<Body>(json, options));

        var (status, body) = await Handle(new BadHttpRequestException("Failed to read parameter from the request body as JSON.", thrown));

        Assert.Equal(StatusCodes.Status400BadRequest, status);
        var message = Assert.Single(body.GetProperty("errors").GetProperty(field).EnumerateArray()).GetString();
        Assert.Contains(says, message);
        Assert.DoesNotContain("System.", message);
    }

    private sealed record Body(PersonBody? Person);

    private sealed record PersonBody(string? GivenName);
}
