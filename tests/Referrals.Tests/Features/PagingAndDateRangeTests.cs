using System.Net;
using ReferralsService;
using TestSupport;
using static Referrals.Tests.Features.ReferralsApi;

namespace Referrals.Tests.Features;

public sealed class PagingAndDateRangeTests(ServiceApi<ReferralsModule> api) : IClassFixture<ServiceApi<ReferralsModule>>
{
    [Theory]
    [InlineData("to=9999-12-31")]
    [InlineData("from=0001-01-01&to=9999-12-31")]
    public async Task The_widest_date_range_lists_the_referrals_rather_than_failing(string range)
    {
        var service = await api.ListService();
        var referral = await api.Requested(service, Person("Range", "Widest", "1957-01-01"));
        using var me = api.ClientAs(Practitioner());

        var response = await me.GetAsync($"/api/referrals?serviceId={service}&{range}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Json();
        Assert.Equal([referral], page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));
    }

    [Theory]
    [InlineData("/api/referrals", "0")]
    [InlineData("/api/referrals", "10001")]
    [InlineData("/api/referrals", "2147483647")]
    [InlineData("/api/referrals/incoming", "10001")]
    [InlineData("/api/referrals/incoming", "2147483647")]
    public async Task A_page_out_of_range_is_a_400_naming_the_page(string path, string page)
    {
        using var http = api.ClientAs(path.EndsWith("incoming") ? Provider() : Practitioner());

        var problem = await (await http.GetAsync($"{path}?page={page}")).Problem(HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty("page", out _), problem.ToString());
    }

    [Theory]
    [InlineData("/api/referrals")]
    [InlineData("/api/referrals/incoming")]
    public async Task The_last_page_allowed_is_an_empty_page_that_says_its_number_and_the_next_is_a_400(string path)
    {
        var service = await api.ListService();
        await api.Requested(service, Person("Page", "PastTheEnd", "1958-01-01"));
        using var http = api.ClientAs(path.EndsWith("incoming") ? Provider() : Practitioner());

        var last = await (await http.GetAsync($"{path}?page=10000&pageSize=10")).Json();
        var beyond = await http.GetAsync($"{path}?page=10001&pageSize=10");

        Assert.Empty(last.GetProperty("items").EnumerateArray());
        Assert.Equal(10000, last.GetProperty("page").GetInt32());
        Assert.True(last.GetProperty("total").GetInt32() >= 1);
        await beyond.Problem(HttpStatusCode.BadRequest);
    }
}
