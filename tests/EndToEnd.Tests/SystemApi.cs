using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BuildingBlocks.Auth;
using TestSupport;

namespace EndToEnd.Tests;

/// <summary>The calls these tests make through the services' public HTTP APIs.</summary>
internal static class SystemApi
{
    public static readonly string CuratorToken = TestTokens.For(Roles.Curator);
    public static readonly string PractitionerToken = TestTokens.For(Roles.Practitioner);

    public static async Task<Guid> CreateOrganisation(this DistributedSystem system, string name)
    {
        using var http = system.Directory.Client(CuratorToken);
        var response = await http.PostAsJsonAsync("/api/directory/organisations", new { name });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<Created>())!.Id;
    }

    public static async Task<Guid> ListService(this DistributedSystem system, Guid organisationId, string name)
    {
        using var http = system.Directory.Client(CuratorToken);
        var response = await http.PostAsJsonAsync("/api/directory/services",
            new { organisationId, name, description = "A weekly group.", acceptingReferrals = "yes" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<Created>())!.Id;
    }

    public static async Task<bool> ReferralsKnows(this DistributedSystem system, Guid serviceId)
    {
        using var http = system.Referrals.Client(PractitionerToken);
        return (await http.GetAsync($"/api/referrals/referrable-services/{serviceId}")).StatusCode == HttpStatusCode.OK;
    }

    public static async Task<bool> FeedbackKnows(this DistributedSystem system, Guid serviceId)
    {
        using var http = system.Feedback.Client();
        return (await http.GetAsync($"/api/feedback/activities/{serviceId}")).StatusCode == HttpStatusCode.OK;
    }

    // A referral through the Referrals API: a draft, then each step checked.
    public static readonly object Consent = new
    {
        givenBy = "person", method = "verbal", givenAt = DateTimeOffset.UtcNow.AddMinutes(-5),
        shareWithProvider = true, shareOutcomesWithReferrer = true, contactBySms = false, contactByEmail = false,
    };

    public static async Task<Guid> Draft(HttpClient referrer, Guid service, string givenName = "Mary")
    {
        var response = await referrer.PostAsJsonAsync("/api/referrals", new
        {
            serviceId = service,
            person = new { givenName, familyName = "O'Brien", dateOfBirth = "1948-05-17", needs = new[] { "loneliness" } },
            reason = "Lives alone since her husband died", submit = false,
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    public static async Task Step(HttpClient http, Guid id, string action, object? body, string expectedStatus)
    {
        var response = body is null ? await http.PostAsync($"/api/referrals/{id}/{action}", null)
            : await http.PostAsJsonAsync($"/api/referrals/{id}/{action}", body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{action}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal(expectedStatus, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
    }

    private sealed record Created(Guid Id);
}
