using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using BuildingBlocks.Auth;

namespace LoopLoad;

/// <summary>What happened to one referral, in milliseconds from the run's start (NaN: never got there).</summary>
/// <param name="AcceptAnswered">Referrals answered the accept.</param>
/// <param name="AcceptedWritten">Feedback wrote the referrer's "accepted" message: it had applied the acceptance (services' clock).</param>
/// <param name="AcceptedArrived">That message arrived on the referrer's stream.</param>
/// <param name="AttendanceAnswered">Feedback answered the attendance that was recorded.</param>
/// <param name="AttendedWritten">Feedback wrote the "attended" message, inside the attendance request (services' clock).</param>
/// <param name="AttendedWhenPushed">The provider waited for the push of the acceptance, not by trying (<see cref="AttendWhen"/>).</param>
public sealed record Trace(int Number, Guid? ReferralId, string ReferrerId, double Started, double Created, double AcceptSent,
    double AttendanceSent, double Told, string Outcome, int Retries, double AcceptAnswered = double.NaN, double AcceptedWritten = double.NaN,
    double AcceptedArrived = double.NaN, double AttendanceAnswered = double.NaN, double AttendedWritten = double.NaN, bool AttendedWhenPushed = false)
{
    public bool WasTold => Outcome == "told";
    public double AttendanceToTold => Told - AttendanceSent;
    public double AcceptToTold => Told - AcceptSent;
}

/// <summary>When the provider records the attendance after accepting (<see cref="LoopClient.Attend"/>).</summary>
public enum AttendWhen
{
    /// <summary>At once, tried again after <see cref="LoopClient.Poll"/> (doubling to 1 s) while Feedback has not heard of the acceptance.</summary>
    Tried,
    /// <summary>Once the acceptance's push ("accepted" on the referrer's stream) says Feedback has it.</summary>
    Pushed,
    /// <summary>Even-numbered referrals <see cref="Pushed"/>, odd ones <see cref="Tried"/>: both under the same load, side by side.</summary>
    Alternately,
}

/// <summary>
/// Runs referrals through the loop as the portal's users would, over HTTP with bearer tokens: a practitioner creates a
/// referral with the person's consent and submits it, the provider accepts it in Referrals, records the first attendance
/// in Feedback as soon as Feedback lets them (it must have heard of the acceptance), and the practitioner's inbox stream,
/// open from the start, brings "attended". Every call is retried on a dropped connection or a 5xx, as a client would,
/// and made safe to retry: a repeated create finds the first by its 409, a repeated accept or attendance is checked.
/// </summary>
public sealed class LoopClient : IDisposable
{
    public const string AttendedTemplate = "attendance-first";
    public const string AcceptedTemplate = "referral-accepted";
    private readonly HttpClient _directory, _referrals, _feedback, _streams;
    private readonly TokenIssuer _tokens;
    private readonly Stopwatch _clock;
    private readonly string _runId = Guid.NewGuid().ToString("N")[..6];

    public LoopClient(ILoopSystem system, Stopwatch clock)
    {
        _clock = clock;
        _tokens = new TokenIssuer(new AuthSettings { SigningKey = system.SigningKey }, TimeProvider.System);
        _directory = Http(system.Address("Directory"));
        _referrals = Http(system.Address("Referrals"));
        _feedback = Http(system.Address("Feedback"));
        // One long-lived connection per open stream, as many as referrals in the loop: no cap, no timeout.
        _streams = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(5) })
            { BaseAddress = system.Address("Feedback"), Timeout = Timeout.InfiniteTimeSpan };
    }

    public Guid OrganisationId { get; private set; }
    public Guid ServiceId { get; private set; }
    public string RunId => _runId;

    /// <summary>
    /// The first wait before the provider tries the attendance again while Feedback has not yet heard of the
    /// acceptance; each later wait doubles, up to <see cref="MaxAttendanceWait"/>, as a client backs off. (The referrer
    /// does not poll: their inbox stream brings the message.)
    /// </summary>
    public TimeSpan Poll { get; init; } = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxAttendanceWait = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The provider records the attendance once Feedback has the acceptance, told by the push that tells the referrer
    /// ("accepted" on the referrer's stream, written in the transaction that applies it), rather than by trying and
    /// backing off (<see cref="Poll"/>): a provider records attendance days later, so the backoff's wait measured the load
    /// generator, not the system. Falls back to trying should the push not come.
    /// </summary>
    public AttendWhen Attend { get; init; } = AttendWhen.Tried;

    /// <summary>How often an inbox stream was dropped (a service killed or restarted) and opened again.</summary>
    public int StreamReconnects => _reconnects;
    private int _reconnects;

    private static HttpClient Http(Uri address) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = 512,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        ConnectTimeout = TimeSpan.FromSeconds(5),
    }) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>A provider organisation and one activity taking referrals, known to Referrals and Feedback before the load starts.</summary>
    public async Task SetUp(TimeSpan timeout)
    {
        var curator = _tokens.Issue($"curator-{_runId}", "Load curator", Roles.Curator);
        var organisation = await Send(_directory, HttpMethod.Post, "/api/directory/organisations", curator,
            new { name = $"Load test organisation {_runId}" });
        OrganisationId = (await organisation.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var service = await Send(_directory, HttpMethod.Post, "/api/directory/services", curator,
            new { organisationId = OrganisationId, name = $"Load test walking group {_runId}", description = "A weekly group.", acceptingReferrals = "yes" });
        ServiceId = (await service.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var practitioner = _tokens.Issue($"gp-{_runId}", "Load practitioner", Roles.Practitioner);
        var deadline = DateTime.UtcNow + timeout;
        while (!(await Succeeds(_referrals, $"/api/referrals/referrable-services/{ServiceId}", practitioner)
                 && await Succeeds(_feedback, $"/api/feedback/activities/{ServiceId}", null)))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("Referrals and Feedback did not learn of the activity");
            await Task.Delay(200);
        }
    }

    /// <summary>
    /// One referral through the loop; gives up (lost) when a step or the message takes longer than <paramref name="patience"/>,
    /// or at <paramref name="giveUpAt"/>.
    /// </summary>
    public async Task<Trace> Run(int number, TimeSpan patience, DateTime? giveUpAt = null)
    {
        DateTime Deadline()
        {
            var end = DateTime.UtcNow + patience;
            return giveUpAt is { } limit && limit < end ? limit : end;
        }
        var referrerId = $"lb-{_runId}-{number}";
        var referrer = _tokens.Issue(referrerId, "Load referrer", Roles.Practitioner, team: $"lb-team-{_runId}-{number}");
        var provider = _tokens.Issue($"lb-staff-{_runId}", "Load provider", Roles.Provider, OrganisationId);
        // Open before the referral is made, as the referrer's portal tab would be: the message comes when it comes.
        await using var inbox = new InboxWaiter(_streams, referrer, () => Now, () => Interlocked.Increment(ref _reconnects));
        var started = Now;
        double created = double.NaN, acceptSent = double.NaN, attendanceSent = double.NaN, acceptAnswered = double.NaN, attendanceAnswered = double.NaN;
        Guid? id = null;
        var retries = 0;
        var pushed = false;
        var stage = "create";
        try
        {
            var stepDeadline = Deadline();
            var referralId = await Retry<Guid>(async () =>
            {
                using var response = await Post(_referrals, "/api/referrals", referrer, NewReferral(number));
                if (response.StatusCode == HttpStatusCode.Created)
                    return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
                // A retried create whose first attempt had committed: the duplicate check links the first.
                if (response.StatusCode == HttpStatusCode.Conflict
                    && (await response.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("existingReferralId", out var existing))
                    return existing.GetGuid();
                return await Unexpected<Guid>(response);
            }, stepDeadline, () => retries++);
            created = Now;
            id = referralId;

            stage = "accept";
            acceptSent = Now;
            await Retry<bool>(async () =>
            {
                using var response = await Post(_referrals, $"/api/referrals/{referralId}/accept", provider, new { });
                if (response.IsSuccessStatusCode) return true;
                // 409: not in a state that can be accepted; after a retried accept that is because it already was.
                if (response.StatusCode == HttpStatusCode.Conflict && await ReferralStatus(referralId, provider) is "accepted" or "in-progress")
                    return true;
                return await Unexpected<bool>(response);
            }, stepDeadline, () => retries++);
            acceptAnswered = Now;

            stage = "attendance";
            var attendanceDeadline = Deadline();
            if (Attend == AttendWhen.Pushed || (Attend == AttendWhen.Alternately && number % 2 == 0))
            {
                pushed = true;
                try { await inbox.For(referralId, AcceptedTemplate, attendanceDeadline); }
                catch (TimeoutException) { } // tried all the same, and lost there if Feedback never heard
            }
            var wait = Poll;
            var sessionDate = DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd");
            await Retry<bool>(async () =>
            {
                var sent = Now;
                using var response = await Post(_feedback, $"/api/feedback/referrals/{referralId}/attendance", provider,
                    new { sessionDate, status = "attended" });
                if (response.StatusCode == HttpStatusCode.Created) { (attendanceSent, attendanceAnswered) = (sent, Now); return true; }
                // 409: already recorded (a retried attempt had committed): the first attempt's time stands as close enough.
                if (response.StatusCode == HttpStatusCode.Conflict) { attendanceSent = double.IsNaN(attendanceSent) ? sent : attendanceSent; return true; }
                // 404 (Feedback has not heard of the referral) and 422 (not of its acceptance): wait, as a provider would.
                if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.UnprocessableEntity)
                {
                    await Task.Delay(wait);
                    wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, MaxAttendanceWait.Ticks));
                    return null;
                }
                return await Unexpected<bool>(response);
            }, attendanceDeadline, () => { });

            stage = "told";
            var told = await inbox.For(referralId, AttendedTemplate, Deadline());
            var accepted = inbox.Arrived(referralId, AcceptedTemplate);
            return new Trace(number, id, referrerId, started, created, acceptSent, attendanceSent, told.At, "told", retries,
                acceptAnswered, accepted is null ? double.NaN : RunTime(accepted.CreatedAt), accepted?.At ?? double.NaN,
                attendanceAnswered, RunTime(told.CreatedAt), pushed);
        }
        catch (TimeoutException)
        {
            return new Trace(number, id, referrerId, started, created, acceptSent, attendanceSent, double.NaN, $"lost at {stage}", retries);
        }
        catch (UnexpectedAnswerException ex)
        {
            return new Trace(number, id, referrerId, started, created, acceptSent, attendanceSent, double.NaN, $"failed at {stage}: {ex.Message}", retries);
        }
    }

    private double Now => _clock.Elapsed.TotalMilliseconds;

    /// <summary>A time on the services' clock (the same machine's) as the run's milliseconds.</summary>
    private double RunTime(DateTimeOffset at) => Now + (at - DateTimeOffset.UtcNow).TotalMilliseconds;

    private object NewReferral(int number) => new
    {
        serviceId = ServiceId,
        person = new
        {
            // Synthetic: a number spelt as a name, so the duplicate check sees every referral as a different person.
            givenName = "Load",
            familyName = $"Person {number:D6}",
            dateOfBirth = "1950-01-01",
            needs = new[] { "loneliness" },
        },
        consent = new
        {
            givenBy = "person", method = "verbal", givenAt = DateTimeOffset.UtcNow.AddMinutes(-5),
            shareWithProvider = true, shareOutcomesWithReferrer = true, contactBySms = false, contactByEmail = false,
        },
        reason = "Load test referral.",
        submit = true,
    };

    private async Task<string?> ReferralStatus(Guid id, string token)
    {
        using var response = await Get(_referrals, $"/api/referrals/{id}", token);
        return response.IsSuccessStatusCode ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString() : null;
    }

    /// <summary>
    /// Runs <paramref name="attempt"/> until it returns a value. A dropped connection, a timeout or a 5xx (a service being
    /// killed or restarted, a database restarting) is retried after a pause, up to the deadline.
    /// </summary>
    private static async Task<T> Retry<T>(Func<Task<T?>> attempt, DateTime deadline, Action onRetry) where T : struct
    {
        while (true)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException();
            try
            {
                if (await attempt() is { } value) return value;
                continue;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or TransientException)
            {
                onRetry();
            }
            await Task.Delay(250);
        }
    }

    private static async Task<T?> Unexpected<T>(HttpResponseMessage response) where T : struct
    {
        if ((int)response.StatusCode >= 500) throw new TransientException();
        var body = await response.Content.ReadAsStringAsync();
        throw new UnexpectedAnswerException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath}: " +
                                            $"{(int)response.StatusCode} {(body.Length > 300 ? body[..300] : body)}");
    }

    private sealed class TransientException : Exception;

    private sealed class UnexpectedAnswerException(string message) : Exception(message);

    private static Task<HttpResponseMessage> Post(HttpClient http, string path, string token, object body) =>
        Send(http, HttpMethod.Post, path, token, body, check: false);

    private static Task<HttpResponseMessage> Get(HttpClient http, string path, string? token) =>
        Send(http, HttpMethod.Get, path, token, null, check: false);

    private static async Task<bool> Succeeds(HttpClient http, string path, string? token)
    {
        try
        {
            using var response = await Get(http, path, token);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException) { return false; }
    }

    private static async Task<HttpResponseMessage> Send(HttpClient http, HttpMethod method, string path, string? token, object? body, bool check = true)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null) request.Content = JsonContent.Create(body, options: JsonSerializerOptions.Web);
        var response = await http.SendAsync(request);
        if (check && !response.IsSuccessStatusCode)
            throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return response;
    }

    public void Dispose()
    {
        _directory.Dispose();
        _referrals.Dispose();
        _feedback.Dispose();
        _streams.Dispose();
    }
}
