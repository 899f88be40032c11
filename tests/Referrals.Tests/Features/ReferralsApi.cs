using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BuildingBlocks.Auth;
using Contracts.Directory;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReferralsService;
using ReferralsService.Data;
using ReferralsService.Domain;
using TestSupport;

namespace Referrals.Tests.Features;

/// <summary>What the API tests share: people, tokens, a referrable service seeded as Directory's events would, and requests.</summary>
internal static class ReferralsApi
{
    public static readonly Guid ProviderOrg = Guid.NewGuid();

    public static string Practitioner(string id = "gp-a", string? team = "cosham-pcn") => TestTokens.For(Roles.Practitioner, null, id, team);
    public static string Provider(Guid? org = null, string id = "staff-a") => TestTokens.For(Roles.Provider, org ?? ProviderOrg, id);
    public static string Curator() => TestTokens.For(Roles.Curator);
    public static string Resident(string id = "resident-a") => TestTokens.For(Roles.Resident, null, id);

    /// <summary>Adds a service to the read model, as the ServiceListed consumer would.</summary>
    public static async Task<Guid> ListService(this ServiceApi<ReferralsModule> api, ReferralAcceptance accepting = ReferralAcceptance.Yes,
        bool selfReferral = false, Guid? organisation = null, Action<ReferrableService>? change = null)
    {
        var service = ReferrableService.From(new ServiceListed(Guid.NewGuid(), organisation ?? ProviderOrg, "Cosham Good Neighbours",
            "Tuesday lunch club", accepting, selfReferral, true, [], DateTimeOffset.UtcNow.AddDays(-1)));
        change?.Invoke(service);
        await api.Db(db => { db.ReferrableServices.Add(service); return db.SaveChangesAsync(); });
        return service.ServiceId;
    }

    public static async Task<T> Db<T>(this ServiceApi<ReferralsModule> api, Func<ReferralsDb, Task<T>> work)
    {
        await using var scope = api.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<ReferralsDb>());
    }

    public static Task<int> OutboxCount(this ServiceApi<ReferralsModule> api, string eventName, Guid referralId) =>
        api.Db(db => db.Outbox.CountAsync(m => m.MessageType == $"Contracts.Referrals.{eventName}" && m.Body.Contains(referralId.ToString())));

    public static object Person(string given = "Mary", string family = "O'Brien", string dateOfBirth = "1948-05-17", string? nhsNumber = null) =>
        new { givenName = given, familyName = family, dateOfBirth, nhsNumber, phone = "07700 900123", email = "mary@example.org",
              needs = new[] { "loneliness", "bereavement" }, notes = "Prefers mornings" };

    public static object Consent(bool shareWithProvider = true, bool shareOutcomes = true) =>
        new { givenBy = "person", method = "verbal", givenAt = DateTimeOffset.UtcNow.AddMinutes(-10), shareWithProvider,
              shareOutcomesWithReferrer = shareOutcomes, contactBySms = true, contactByEmail = false };

    public static Task<HttpResponseMessage> Refer(this HttpClient http, Guid serviceId, object? person = null, bool withConsent = true,
        bool submit = true) =>
        http.PostAsJsonAsync("/api/referrals", new { serviceId, person = person ?? Person(), consent = withConsent ? Consent() : null,
            reason = "Recently bereaved and lives alone", submit });

    /// <summary>A referral made by gp-a (team cosham-pcn) and requested; returns its id.</summary>
    public static async Task<Guid> Requested(this ServiceApi<ReferralsModule> api, Guid serviceId, object? person = null)
    {
        using var http = api.ClientAs(Practitioner());
        var response = await http.Refer(serviceId, person ?? Person(given: $"Person{Guid.NewGuid():N}"[..14]));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    public static async Task<JsonElement> Json(this HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    public static async Task<JsonElement> Problem(this HttpResponseMessage response, HttpStatusCode expected)
    {
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Json();
    }

    public static Task<HttpResponseMessage> Post(this HttpClient http, Guid id, string action, object? body = null) =>
        body is null ? http.PostAsync($"/api/referrals/{id}/{action}", null) : http.PostAsJsonAsync($"/api/referrals/{id}/{action}", body);

    public static string[] Strings(this JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToArray();
}
