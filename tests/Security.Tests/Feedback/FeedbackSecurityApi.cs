using Microsoft.EntityFrameworkCore;
using BuildingBlocks.Auth;
using Contracts.Referrals;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FeedbackService;
using FeedbackService.Data;
using FeedbackService.Domain;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Security.Tests.Support;

namespace Security.Tests.Feedback;

/// <summary>
/// Feedback with organisation A's activity and P1's accepted referral in its read models (as Directory's and Referrals'
/// events would put them there, with the person's consented contact route), an attendance and a baseline outcome
/// recorded by A's staff, a resident's feedback, P1's webhook and preferences. Fresh referrals, feedback items,
/// outcome links and messages are made per call where a call changes one.
/// </summary>
public sealed class FeedbackSecurityApi : SecurityApi<FeedbackModule>
{
    public const string FirstName = "Zephyrine";
    public const string Email = "zephyrine.quillfeather@example.org";
    public const string Phone = "07700 900987";

    public Guid ServiceId { get; } = Guid.NewGuid();
    public Guid ReferralId { get; private set; }

    public override IReadOnlyList<string> Secrets => [FirstName, Email, Phone, "900987"];

    /// <summary>The mail drop on (as in the embedded default), so its endpoint answers the portal.</summary>
    protected override void ConfigureSettings(IWebHostBuilder builder)
    {
        base.ConfigureSettings(builder);
        builder.UseSetting("Feedback:MailDrop:Enabled", "true");
    }

    /// <summary>The delivery worker marks messages sent after the request that made them.</summary>
    protected override IReadOnlyCollection<string> RowsOnlyTables => ["notifications"];

    protected override async Task SeedAsync()
    {
        Parties = new Parties(Guid.NewGuid(), Guid.NewGuid());
        await InDb(db =>
        {
            var activity = new Activity(ServiceId);
            activity.Describe(Parties.OwnOrg, "Quayside Friends", "Quayside lunch club", null, DateTimeOffset.UtcNow.AddDays(-30));
            db.Activities.Add(activity);
            return Task.CompletedTask;
        });
        ReferralId = await AcceptedReferral();

        await Send(Caller.OwnOrgProvider, HttpMethod.Post, $"/api/feedback/referrals/{ReferralId}/attendance",
            new { sessionDate = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1), status = "attended" });
        await Send(Caller.OwnOrgProvider, HttpMethod.Post, $"/api/feedback/referrals/{ReferralId}/outcomes", Outcome("baseline"));
        await FeedbackItem();
        await Send(Caller.Referrer, HttpMethod.Post, "/api/feedback/webhooks",
            new { url = "https://hooks.example.org/referrals", secret = "a-long-enough-shared-secret" });
        await Send(Caller.Referrer, HttpMethod.Put, "/api/feedback/preferences", new { channels = new[] { "in-app" }, dailyDigest = false });
    }

    /// <summary>P1's referral to A's activity, accepted, the person agreeing to share outcomes and to be emailed.</summary>
    public async Task<Guid> AcceptedReferral()
    {
        var id = Guid.NewGuid();
        await InDb(db =>
        {
            var referral = new Referral(id);
            var at = DateTimeOffset.UtcNow.AddDays(-7);
            referral.Apply(new ReferralStatusChanged(id, ServiceId, Parties.OwnOrg, Parties.ReferrerId, ReferralStatuses.Requested,
                ReferralStatuses.Accepted, null, "staff", ShareOutcomesWithReferrer: true, at, Roles.Practitioner, Parties.Team));
            referral.ApplyConsent(new ReferralConsentChanged(id, ShareWithProvider: true, ShareOutcomesWithReferrer: true,
                ContactBySms: false, ContactByEmail: true, FirstName, Email, null, at), out _);
            db.Referrals.Add(referral);
            return Task.CompletedTask;
        });
        return id;
    }

    public static object Outcome(string stage) => new
    {
        stage,
        ons4 = new { lifeSatisfaction = 6, worthwhile = 7, happiness = 5, anxiety = 4 },
        loneliness = new { companionship = 2, leftOut = 3, isolated = 2 },
    };

    /// <summary>A resident's rating waiting for a curator.</summary>
    public async Task<Guid> FeedbackItem() =>
        (await Send(Caller.Anonymous, HttpMethod.Post, $"/api/feedback/activities/{ServiceId}/feedback",
            new { rating = 4, comment = "Lovely people." })).GetProperty("id").GetGuid();

    /// <summary>Resident feedback on A's activity, published by a curator (so its organisation may reply).</summary>
    public async Task<Guid> PublishedFeedbackItem()
    {
        var id = await FeedbackItem();
        await Send(Caller.Curator, HttpMethod.Post, $"/api/feedback/moderation/{id}/approve", new { });
        return id;
    }

    /// <summary>A one-time link for the person to give the baseline answers of a fresh referral.</summary>
    public async Task<string> OutcomeLinkToken() =>
        (await Send(Caller.OwnOrgProvider, HttpMethod.Post, $"/api/feedback/referrals/{await AcceptedReferral()}/outcome-links",
            new { stage = "baseline" })).GetProperty("token").GetString()!;

    /// <summary>The id of the seeded referral's attended session, which FHIR serves as an Encounter.</summary>
    public async Task<Guid> SessionId()
    {
        var id = Guid.Empty;
        await InDb(async db => id = await db.Attendance.Where(a => a.ReferralId == ReferralId).Select(a => a.Id).FirstAsync());
        return id;
    }

    /// <summary>The id of the seeded referral's ONS4 Observation ("{measure id}-ons4").</summary>
    public async Task<string> Ons4ObservationId()
    {
        var id = Guid.Empty;
        await InDb(async db => id = await db.Outcomes.Where(o => o.ReferralId == ReferralId).Select(o => o.Id).FirstAsync());
        return $"{id}-ons4";
    }

    /// <summary>An R4 Subscription on Task (docs/FHIR.md), as a GP system posts it.</summary>
    public static object FhirSubscription(string criteria) => new
    {
        resourceType = "Subscription",
        status = "requested",
        reason = "Hear of my referrals",
        criteria,
        channel = new
        {
            extension = new[] { new { url = "https://community-directory.example/fhir/StructureDefinition/subscription-secret", valueString = "a-long-enough-shared-secret" } },
            type = "rest-hook",
            endpoint = "https://hooks.example.org/fhir-notifications",
        },
    };

    /// <summary>P1's Subscription on their own referrals' Tasks.</summary>
    public async Task<string> ReferrersSubscription() =>
        (await Send(Caller.Referrer, HttpMethod.Post, "/fhir/Subscription", FhirSubscription($"Task?requester={Parties.ReferrerId}")))
        .GetProperty("id").GetString()!;

    /// <summary>An unread in-app message to P1.</summary>
    public async Task<Guid> MessageToReferrer()
    {
        var message = new Notification($"matrix:{Guid.NewGuid()}", Parties.ReferrerId, Channels.InApp, null, "status-changed", ReferralId,
            "Your referral was accepted", "Quayside lunch club accepted your referral.", DateTimeOffset.UtcNow);
        await InDb(db => { db.Notifications.Add(message); return Task.CompletedTask; });
        return message.Id;
    }

    private async Task InDb(Func<FeedbackDb, Task> work)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FeedbackDb>();
        await work(db);
        await db.SaveChangesAsync();
    }

    private async Task<JsonElement> Send(Caller caller, HttpMethod method, string path, object body)
    {
        using var http = ClientFor(caller);
        var response = await http.SendAsync(new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {response.StatusCode} {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }
}
