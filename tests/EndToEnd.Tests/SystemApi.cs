using System.Net;
using System.Net.Http.Json;
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

    private sealed record Created(Guid Id);
}
