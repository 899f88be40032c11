using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BuildingBlocks.Auth;
using TestSupport;
using Loopback = global::Feedback.Tests.Support;

namespace EndToEnd.Tests.Observability;

/// <summary>
/// What an operator sees of one referral's journey over the distributed system (three processes, real PostgreSQL and
/// RabbitMQ), read from what the processes themselves write: their JSON logs and the spans of the console exporter
/// on standard output, and their /metrics.
/// </summary>
public sealed class ReferralJourneyTelemetryTests
{
    private static readonly TimeSpan Delivery = TimeSpan.FromSeconds(120);

    private static readonly Dictionary<string, string> Observed = new()
    {
        // More than production logs, so that what a noisier setting would write is checked too.
        ["Logging__LogLevel__Default"] = "Information",
        ["Logging__LogLevel__Microsoft.AspNetCore"] = "Information",
        ["Logging__LogLevel__Microsoft.EntityFrameworkCore"] = "Information",
        ["Logging__LogLevel__MassTransit"] = "Information",
        ["Telemetry__ConsoleExporter"] = "true",
        // As deploy/k8s runs them: JSON lines with their scopes.
        ["Logging__Console__FormatterName"] = "json",
        ["Logging__Console__FormatterOptions__IncludeScopes"] = "true",
    };

    [Fact]
    public async Task A_referral_is_one_trace_from_Referrals_into_Feedback_and_no_service_logs_or_traces_the_persons_details()
    {
        await using var smtp = new Loopback.LoopbackSmtpServer();
        await using var system = await DistributedSystem.Start(new Dictionary<string, Dictionary<string, string>>
        {
            ["Directory"] = new(Observed),
            ["Referrals"] = new(Observed),
            ["Feedback"] = new(Observed)
            {
                ["Feedback__Smtp__Host"] = "127.0.0.1",
                ["Feedback__Smtp__Port"] = smtp.Port.ToString(),
                ["Feedback__Delivery__PollInterval"] = "00:00:00.200",
            },
        });
        var organisationId = await system.CreateOrganisation("Southsea Knit and Natter");
        var serviceId = await system.ListService(organisationId, "Tuesday Knit and Natter");
        await Eventually.Until(() => system.ReferralsKnows(serviceId), Delivery, "Referrals to learn of the activity");

        var person = DistinctivePerson.Create();
        var referrerId = $"gp-{Guid.NewGuid():N}"[..20];
        using var referrer = system.Referrals.Client(TestTokens.For(Roles.Practitioner, userId: referrerId));
        using var provider = system.Referrals.Client(TestTokens.For(Roles.Provider, organisationId));
        var created = await referrer.PostAsJsonAsync("/api/referrals", new
        {
            serviceId,
            person = new
            {
                givenName = person.GivenName, familyName = person.FamilyName, dateOfBirth = person.DateOfBirth,
                nhsNumber = person.NhsNumber, email = person.Email, phone = person.Phone, needs = new[] { "loneliness" },
            },
            consent = new
            {
                givenBy = "person", method = "verbal", givenAt = DateTimeOffset.UtcNow.AddMinutes(-5),
                shareWithProvider = true, shareOutcomesWithReferrer = true, contactBySms = true, contactByEmail = true,
            },
            reason = "Would like company in the week.",
            submit = true,
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var referralId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.True((await provider.PostAsJsonAsync($"/api/referrals/{referralId}/accept", new { })).IsSuccessStatusCode);

        // The person's details went all the way round: Feedback emailed the person about the acceptance.
        await Eventually.Until(() => Task.FromResult(smtp.To(person.Email).Count > 0), Delivery, "the acceptance email to the person");

        // One trace: the span of the request that made the referral in Referrals, and Feedback's consume span of the
        // event that request wrote to the outbox.
        string[] referralsTraces = [];
        string[] feedbackTraces = [];
        await Eventually.Until(() =>
        {
            referralsTraces = ConsoleSpans.TracesTagged(system.Referrals.Output, referralId);
            feedbackTraces = ConsoleSpans.TracesTagged(system.Feedback.Output, referralId);
            return Task.FromResult(referralsTraces.Intersect(feedbackTraces).Any());
        }, Delivery, $"a trace of referral {referralId} in both Referrals and Feedback");

        // Every line logged while the accept was handled names the referral (its id only), and no line carries the
        // request's path, which can hold a secret (an outcome link's token) or a postcode.
        Assert.Contains($"\"ReferralId\":\"{referralId}\"", system.Referrals.Output);
        foreach (var (name, service) in system.Services)
            Assert.False(service.Output.Contains("\"RequestPath\"", StringComparison.Ordinal), $"{name} logged a request path");

        var scrapes = new Dictionary<string, string>();
        foreach (var (name, service) in system.Services)
        {
            using var http = service.Client();
            scrapes[name] = await http.GetStringAsync("/metrics");
            Assert.Contains("outbox_backlog", scrapes[name]);
            Assert.Contains("http_server_request_duration_seconds_bucket", scrapes[name]);
        }
        Assert.Contains("status=\"accepted\"", Lines(scrapes["Referrals"], "referrals_transitions_total"));
        Assert.Contains("channel=\"email\"", Lines(scrapes["Feedback"], "notifications_sent_total"));

        foreach (var (name, service) in system.Services)
        {
            var output = service.Output;
            Assert.Contains("\"LogLevel\":", output); // JSON logs, so that there was something to search
            foreach (var detail in person.Details)
            {
                Assert.False(output.Contains(detail, StringComparison.OrdinalIgnoreCase), $"{name}'s output contains '{detail}'");
                Assert.False(scrapes[name].Contains(detail, StringComparison.OrdinalIgnoreCase), $"{name}'s /metrics contains '{detail}'");
            }
        }
    }

    private static string Lines(string scrape, string metric) =>
        string.Join('\n', scrape.Split('\n').Where(line => line.StartsWith(metric, StringComparison.Ordinal)));
}

/// <summary>A person whose every detail is a string found nowhere else, so that finding it in a log means it leaked.</summary>
internal sealed record DistinctivePerson(string GivenName, string FamilyName, string DateOfBirth, string NhsNumber, string Email, string Phone)
{
    public static DistinctivePerson Create()
    {
        var letters = new string(Guid.NewGuid().ToString("N")[..10].Select(c => (char)('a' + Convert.ToInt32(c.ToString(), 16))).ToArray());
        var phoneDigits = Random.Shared.Next(100, 999);
        return new DistinctivePerson($"Zebedee{letters[..5]}", $"Quxworth{letters[5..]}", "1937-11-23", ValidNhsNumber(),
            $"zebedee.{letters}@example.org", $"07700 900{phoneDigits}");
    }

    /// <summary>Every form a log could write them in.</summary>
    public IEnumerable<string> Details =>
    [
        GivenName, FamilyName, DateOfBirth, "23/11/1937", NhsNumber, $"{NhsNumber[..3]} {NhsNumber[3..6]} {NhsNumber[6..]}",
        Email, Phone, Phone.Replace(" ", ""), "+44" + Phone.Replace(" ", "")[1..],
    ];

    /// <summary>Nine random digits and the modulus 11 check digit.</summary>
    private static string ValidNhsNumber()
    {
        while (true)
        {
            var digits = Enumerable.Range(0, 9).Select(_ => Random.Shared.Next(0, 10)).ToArray();
            var check = 11 - digits.Select((d, i) => d * (10 - i)).Sum() % 11;
            if (check == 10) continue;
            return string.Concat(digits) + (check == 11 ? 0 : check);
        }
    }
}

/// <summary>Reads the spans the OpenTelemetry console exporter wrote among a process's output.</summary>
internal static class ConsoleSpans
{
    /// <summary>The trace ids of the spans tagged with this referral.</summary>
    public static string[] TracesTagged(string output, Guid referralId)
    {
        var traces = new HashSet<string>();
        string? trace = null;
        foreach (var line in output.Split('\n'))
        {
            var text = line.Trim();
            if (text.StartsWith("Activity.TraceId:", StringComparison.Ordinal)) trace = text["Activity.TraceId:".Length..].Trim();
            else if (trace is not null && text == $"referral.id: {referralId}") traces.Add(trace);
        }
        return [.. traces];
    }
}
