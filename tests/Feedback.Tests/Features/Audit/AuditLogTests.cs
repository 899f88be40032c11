using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BuildingBlocks.Auth;
using Feedback.Tests.Support;
using TestSupport;

namespace Feedback.Tests.Features.Audit;

/// <summary>Admins search Feedback's personal-data audit log (GET /api/feedback/audit): who read which referral's attendance or outcomes.</summary>
public sealed class AuditLogTests(FeedbackApi.WithoutDelivery api) : IClassFixture<FeedbackApi.WithoutDelivery>
{
    [Fact]
    public async Task An_admin_finds_the_providers_reads_of_a_referrals_summary_by_referral_reader_and_action()
    {
        var referral = await api.AcceptedReferral();
        var reader = $"staff-{Guid.NewGuid():N}"[..16];
        var summary = await api.Get<JsonElement>(TestTokens.For(Roles.Provider, referral.OrganisationId, reader), $"{referral.Path}/summary");
        Assert.Equal(referral.Id, summary.GetProperty("referralId").GetGuid());
        var admin = TestTokens.For(Roles.Admin);

        var byReferral = await Items(admin, $"referralId={referral.Id}");
        Assert.Contains(byReferral, e => e.GetProperty("actorId").GetString() == reader
                                         && e.GetProperty("action").GetString() == "read-summary"
                                         && e.GetProperty("actorRole").GetString() == Roles.Provider);
        Assert.All(byReferral, e => Assert.Equal(referral.Id, e.GetProperty("referralId").GetGuid()));

        var byReader = await Items(admin, $"actor={reader}");
        Assert.Single(byReader);
        Assert.Empty(await Items(admin, $"actor={reader}&action=export"));
        Assert.Empty(await Items(admin, $"actor={reader}&from={DateTime.UtcNow.AddDays(1):yyyy-MM-dd}"));
    }

    [Theory]
    [InlineData(Roles.Curator)]
    [InlineData(Roles.Practitioner)]
    [InlineData(Roles.Provider)]
    [InlineData(Roles.Service)]
    public async Task Only_an_admin_may_read_the_audit_log(string role)
    {
        using var http = api.ClientAs(TestTokens.For(role, role == Roles.Provider ? Guid.NewGuid() : null));

        var response = await http.GetAsync("/api/feedback/audit");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("pageSize=101", "pageSize")]
    [InlineData("page=0", "page")]
    [InlineData("from=2026-05-02&to=2026-05-01", "to")]
    public async Task A_filter_out_of_range_is_a_400_naming_it(string query, string field)
    {
        using var http = api.ClientAs(TestTokens.For(Roles.Admin));

        var response = await http.GetAsync($"/api/feedback/audit?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    private async Task<List<JsonElement>> Items(string token, string query) =>
        (await api.Get<JsonElement>(token, $"/api/feedback/audit?{query}")).GetProperty("items").EnumerateArray().ToList();
}
