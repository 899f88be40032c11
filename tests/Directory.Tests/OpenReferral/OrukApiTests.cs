using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using DirectoryService.Data;
using DirectoryService.Data.Seed;
using DirectoryService.Domain;
using DirectoryService.Features.OpenReferral;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Directory.Tests.OpenReferral;

/// <summary>
/// The ORUK API's behaviour on the demo directory: CORS, 400s and 404s, pagination maths and each filter. Filter
/// expectations are worked out from the full service objects the API itself publishes (an oracle over the
/// published data), so a filter that ignores its parameter or drops matches fails.
/// </summary>
public sealed class OrukApiTests(DemoDirectoryApi api) : IClassFixture<DemoDirectoryApi>
{
    private static List<JsonElement>? _allServices;

    [Theory]
    [InlineData("/")]
    [InlineData("/services")]
    [InlineData("/services?page=abc")]
    [InlineData("/services/5f1a1b1e-0000-4000-8000-000000000000")]
    [InlineData("/service_at_locations?per_page=5")]
    [InlineData("/taxonomies")]
    [InlineData("/taxonomy_terms/not-a-uuid")]
    [InlineData("/organizations")]
    [InlineData("/organizations/5f1a1b1e-0000-4000-8000-000000000000")]
    [InlineData("/services?modified_after=yesterday")]
    [InlineData("/services?search=tea%00dance")]
    [InlineData("/no_such_endpoint")]
    [InlineData("/services/5f1a1b1e-0000-4000-8000-000000000000/no_such_part")]
    public async Task Every_response_allows_any_origin_with_or_without_an_origin_header(string path)
    {
        using var http = api.CreateClient();
        var plain = await http.GetAsync(path);
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Origin", "https://elsewhere.example.org");
        var crossOrigin = await http.SendAsync(request);

        Assert.Equal("*", plain.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("*", crossOrigin.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Fact]
    public async Task A_preflight_is_answered_for_any_origin()
    {
        using var http = api.CreateClient();
        var request = new HttpRequestMessage(HttpMethod.Options, "/services");
        request.Headers.Add("Origin", "https://elsewhere.example.org");
        request.Headers.Add("Access-Control-Request-Method", "GET");

        var response = await http.SendAsync(request);

        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}");
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Theory]
    [InlineData("/services?page=abc", "page")]
    [InlineData("/services?page=0", "page")]
    [InlineData("/services?page=2147483647", "page")]
    [InlineData("/service_at_locations?page=2147483647", "page")]
    [InlineData("/taxonomies?page=10001", "page")]
    [InlineData("/taxonomy_terms?page=2147483647&per_page=100", "page")]
    [InlineData("/services?per_page=0", "per_page")]
    [InlineData("/services?per_page=-5", "per_page")]
    [InlineData("/services?organization_id=quayside", "organization_id")]
    [InlineData("/service_at_locations?organization_id=12", "organization_id")]
    [InlineData("/services?modified_after=yesterday", "modified_after")]
    [InlineData("/services?modified_after=2026-13-01", "modified_after")]
    [InlineData("/organizations?per_page=0", "per_page")]
    [InlineData("/organizations/abc", "id")]
    [InlineData("/organizations/5f1a1b1e-0000-4000-8000-000000000000?full_service=perhaps", "full_service")]
    [InlineData("/taxonomies?per_page=ten", "per_page")]
    [InlineData("/services?start_time=25:00", "start_time")]
    [InlineData("/services?end_time=noon", "end_time")]
    [InlineData("/services?day=XX", "day")]
    [InlineData("/services?minimum_age=old", "minimum_age")]
    [InlineData("/services?maximum_age=-1", "maximum_age")]
    [InlineData("/services?taxonomy_term_id=befriending", "taxonomy_term_id")]
    [InlineData("/services?taxonomy_id=123", "taxonomy_id")]
    [InlineData("/service_at_locations?postcode=NOT+A+POSTCODE", "postcode")]
    [InlineData("/service_at_locations?postcode=ZZ9+9ZZ", "postcode")]
    [InlineData("/service_at_locations?proximity=1000", "postcode")]
    [InlineData("/service_at_locations?postcode=PO6+3AA&proximity=far", "proximity")]
    [InlineData("/services/12345", "id")]
    [InlineData("/service_at_locations/abc", "id")]
    [InlineData("/taxonomies/abc", "id")]
    [InlineData("/taxonomy_terms/abc", "id")]
    public async Task A_bad_parameter_gets_a_400_problem_naming_it(string path, string parameter)
    {
        using var http = api.CreateClient();

        var response = await http.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(problem.GetProperty("errors").TryGetProperty(parameter, out var messages), problem.ToString());
        Assert.Contains(parameter, messages[0].GetString());
    }

    [Theory]
    [InlineData("/services/")]
    [InlineData("/service_at_locations/")]
    [InlineData("/taxonomies/")]
    [InlineData("/taxonomy_terms/")]
    [InlineData("/organizations/")]
    public async Task An_unknown_id_is_a_404_problem(string prefix)
    {
        using var http = api.CreateClient();

        var response = await http.GetAsync(prefix + Guid.NewGuid());

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Pages_partition_the_published_services_with_consistent_counts()
    {
        var published = await PublishedServiceCount();
        const int perPage = 7;
        var expectedPages = (published + perPage - 1) / perPage;
        var seen = new List<string>();

        for (var number = 1; number <= expectedPages + 1; number++)
        {
            var page = await Get($"/services?page={number}&per_page={perPage}");
            var contents = page.GetProperty("contents").EnumerateArray().Select(c => c.GetProperty("id").GetString()!).ToList();
            var expectedSize = number <= expectedPages ? Math.Min(perPage, published - (number - 1) * perPage) : 0;
            Assert.Equal(published, page.GetProperty("total_items").GetInt32());
            Assert.Equal(expectedPages, page.GetProperty("total_pages").GetInt32());
            Assert.Equal(number, page.GetProperty("page_number").GetInt32());
            Assert.Equal(expectedSize, page.GetProperty("size").GetInt32());
            Assert.Equal(expectedSize, contents.Count);
            Assert.Equal(number == 1, page.GetProperty("first_page").GetBoolean());
            Assert.Equal(number >= expectedPages, page.GetProperty("last_page").GetBoolean());
            Assert.Equal(expectedSize == 0, page.GetProperty("empty").GetBoolean());
            seen.AddRange(contents);
        }
        Assert.Equal(published, seen.Count);
        Assert.Equal(published, seen.Distinct().Count());
    }

    [Theory]
    [InlineData("/services?per_page=500")]
    [InlineData("/services?per_page=1001")]
    [InlineData("/services?per_page=99999999999999999999")]
    [InlineData("/service_at_locations?per_page=5000")]
    [InlineData("/taxonomy_terms?per_page=100000")]
    [InlineData("/organizations?per_page=2000")]
    public async Task A_per_page_above_the_maximum_is_clamped_and_the_page_says_the_size_it_used(string path)
    {
        var page = await Get(path);

        var asked = decimal.Parse(path[(path.IndexOf("per_page=", StringComparison.Ordinal) + "per_page=".Length)..]);
        var used = page.GetProperty("per_page").GetInt32();
        var total = page.GetProperty("total_items").GetInt32();
        Assert.Equal((int)Math.Min(asked, OrukParameters.MaxPerPage), used);
        Assert.Equal((total + used - 1) / used, page.GetProperty("total_pages").GetInt32());
        Assert.Equal(Math.Min(total, used), page.GetProperty("size").GetInt32());
        Assert.Equal(Math.Min(total, used), page.GetProperty("contents").GetArrayLength());
    }

    [Fact]
    public async Task A_whole_directory_of_this_size_is_harvested_in_one_page_of_the_maximum_size()
    {
        var page = await Get($"/services?per_page={OrukParameters.MaxPerPage}");

        Assert.Equal(await PublishedServiceCount(), page.GetProperty("contents").GetArrayLength());
        Assert.True(page.GetProperty("last_page").GetBoolean());
    }

    [Theory]
    [InlineData("/services")]
    [InlineData("/service_at_locations")]
    [InlineData("/taxonomies")]
    [InlineData("/taxonomy_terms")]
    [InlineData("/organizations")]
    public async Task The_last_page_allowed_is_empty_and_says_its_number_and_the_next_is_a_400(string path)
    {
        var last = await Get($"{path}?page=10000&per_page=100");
        using var http = api.CreateClient();
        var beyond = await http.GetAsync($"{path}?page=10001&per_page=100");

        Assert.Empty(last.GetProperty("contents").EnumerateArray());
        Assert.Equal(10000, last.GetProperty("page_number").GetInt32());
        Assert.True(last.GetProperty("empty").GetBoolean());
        Assert.False(last.GetProperty("first_page").GetBoolean());
        Assert.True(last.GetProperty("last_page").GetBoolean());
        Assert.Equal(HttpStatusCode.BadRequest, beyond.StatusCode);
        Assert.Equal("application/problem+json", beyond.Content.Headers.ContentType?.MediaType);
    }

    public static TheoryData<string> SingleFilters => new()
    {
        "minimum_age=18", "maximum_age=25", "day=TU", "day=saturday", "start_time=18:00", "end_time=12:00",
        "start_time=09:00&end_time=13:00&day=WE",
    };

    [Theory]
    [MemberData(nameof(SingleFilters))]
    public async Task Age_and_schedule_filters_return_exactly_the_matching_services(string query)
    {
        var all = await AllServices();
        var parameters = query.Split('&').Select(p => p.Split('=')).ToDictionary(p => p[0], p => p[1]);
        var expected = all.Where(s => MatchesAgeAndSchedule(s, parameters)).Select(Id).Order().ToList();

        var actual = (await Ids($"/services?{query}")).Order().ToList();

        Assert.NotEmpty(expected);
        Assert.True(expected.Count < all.Count, "the filter should exclude something in the demo data");
        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task Taxonomy_filters_match_by_term_and_by_taxonomy_and_combine_with_and()
    {
        var all = await AllServices();
        var terms = (await Get("/taxonomy_terms?per_page=100")).GetProperty("contents").EnumerateArray().ToList();
        var befriending = terms.Single(t => t.GetProperty("term").GetString() == "befriending");
        var termId = befriending.GetProperty("id").GetString()!;
        var needsId = terms.Single(t => t.GetProperty("term").GetString() == "loneliness").GetProperty("taxonomy_id").GetString()!;

        var byTerm = all.Where(s => Attributes(s).Any(t => t.GetProperty("id").GetString() == termId)).Select(Id).Order().ToList();
        var byTaxonomy = all.Where(s => Attributes(s).Any(t => t.GetProperty("taxonomy_id").GetString() == needsId)).Select(Id).Order().ToList();
        var onMonday = all.Where(s => MatchesAgeAndSchedule(s, new() { ["day"] = "MO" })).Select(Id).ToHashSet();

        Assert.NotEmpty(byTerm);
        Assert.Equal(byTerm, (await Ids($"/services?taxonomy_term_id={termId}")).Order());
        Assert.Equal(byTaxonomy, (await Ids($"/services?taxonomy_id={needsId}")).Order());
        Assert.Equal(byTerm.Where(onMonday.Contains), (await Ids($"/services?taxonomy_term_id={termId}&day=MO")).Order());
        Assert.Empty(await Ids($"/services?taxonomy_term_id={Guid.NewGuid()}"));
    }

    [Fact]
    public async Task Organization_id_returns_exactly_that_organisations_services_and_links()
    {
        var all = await AllServices();
        var organisation = all.GroupBy(s => s.GetProperty("organization_id").GetString()!).OrderByDescending(g => g.Count()).First();
        var expected = organisation.Select(Id).Order().ToList();
        var expectedLinks = organisation.SelectMany(s => s.GetProperty("service_at_locations").EnumerateArray())
            .Select(l => l.GetProperty("id").GetString()!).Order().ToList();

        Assert.True(expected.Count > 1, "the demo's largest organisation should run several activities");
        Assert.Equal(expected, (await Ids($"/services?organization_id={organisation.Key}")).Order());
        Assert.Equal(expectedLinks, (await Ids($"/service_at_locations?organization_id={organisation.Key}")).Order());
        Assert.Empty(await Ids($"/services?organization_id={Guid.NewGuid()}"));
    }

    [Fact]
    public async Task Who_welcomes_newcomers_is_published_as_a_contact_with_its_title_beside_the_main_contact()
    {
        using var scope = api.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<DirectoryDb>();
        var welcoming = await db.Services.FirstAsync(s => s.Name == "Friday Friendship Club");
        var without = await db.Services.FirstAsync(s => s.Status == ServiceStatus.Active && s.WelcomedBy == null && s.Contact.Name != null);

        var contacts = (await Get($"/services/{welcoming.Id}")).GetProperty("contacts").EnumerateArray().ToList();
        var others = (await Get($"/services/{without.Id}")).GetProperty("contacts").EnumerateArray().ToList();

        Assert.Equal(2, contacts.Count);
        Assert.Equal("Maureen", contacts[0].GetProperty("name").GetString());
        Assert.Equal(welcoming.WelcomedBy, contacts[1].GetProperty("name").GetString());
        Assert.Equal(OrukMapper.WelcomerTitle, contacts[1].GetProperty("title").GetString());
        Assert.DoesNotContain(others, c => c.TryGetProperty("title", out _));
    }

    [Fact]
    public async Task The_service_level_email_is_published_in_the_list_and_in_full()
    {
        using var scope = api.Services.CreateScope();
        var emails = await scope.ServiceProvider.GetRequiredService<DirectoryDb>().Services
            .Where(s => s.Status == ServiceStatus.Active && s.Contact.Email != null)
            .Select(s => new { s.Id, s.Contact.Email }).ToDictionaryAsync(s => s.Id.ToString(), s => s.Email);
        var listed = (await Get("/services?per_page=100")).GetProperty("contents").EnumerateArray().ToList();

        Assert.NotEmpty(emails);
        foreach (var service in listed.Where(s => emails.ContainsKey(Id(s))))
            Assert.Equal(emails[Id(service)], service.GetProperty("email").GetString());
        var first = emails.First();
        Assert.Equal(first.Value, (await Get($"/services/{first.Key}")).GetProperty("email").GetString());
    }

    [Fact]
    public async Task Search_finds_services_with_the_word_in_their_name_description_or_organisation_and_nothing_unrelated()
    {
        var all = await AllServices();
        const string word = "walk";
        // The word and its inflections, as the search engine stems them (not "Walkers", a different word).
        var mustFind = all.Where(s => Regex.IsMatch(Text(s), $@"\b{word}(s|ed|ing)?\b",
            RegexOptions.IgnoreCase)).Select(Id).ToList();

        var found = await Ids($"/services?search={word}");

        Assert.NotEmpty(mustFind);
        Assert.Superset(mustFind.ToHashSet(), found.ToHashSet());
        Assert.True(found.Count < all.Count);
        Assert.Empty(await Ids("/services?search=zzqqxxnothingmatches"));
    }

    [Fact]
    public async Task Postcode_and_proximity_return_nearby_locations_nearest_first()
    {
        var links = await AllLinks();
        var origin = links.First().GetProperty("location");
        var postcode = origin.GetProperty("addresses")[0].GetProperty("postal_code").GetString()!;
        await EnsurePostcodeKnown(postcode, origin.GetProperty("latitude").GetDouble(), origin.GetProperty("longitude").GetDouble());
        const double metres = 1500;
        var distances = links.ToDictionary(l => l.GetProperty("id").GetString()!, l => Metres(origin, l.GetProperty("location")));
        var expected = distances.Where(d => d.Value <= metres).Select(d => d.Key).Order().ToList();

        var page = await Get($"/service_at_locations?postcode={Uri.EscapeDataString(postcode)}&proximity={metres}&per_page=100");
        var actual = page.GetProperty("contents").EnumerateArray().Select(c => c.GetProperty("id").GetString()!).ToList();

        Assert.NotEmpty(expected);
        Assert.True(expected.Count < links.Count, "the proximity should exclude something in the demo data");
        Assert.Equal(expected, actual.Order());
        Assert.Equal(actual.Select(id => distances[id]).Order(), actual.Select(id => distances[id]));
    }

    private async Task EnsurePostcodeKnown(string postcode, double latitude, double longitude)
    {
        using var scope = api.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<DirectoryDb>();
        var code = Postcode.Normalise(postcode);
        if (await db.Postcodes.AnyAsync(p => p.Code == code)) return;
        db.Postcodes.Add(new Postcode(postcode, latitude, longitude, null, null));
        await db.SaveChangesAsync();
    }

    private static double Metres(JsonElement a, JsonElement b)
    {
        double Rad(double d) => d * Math.PI / 180;
        var (lat1, lon1, lat2, lon2) = (a.GetProperty("latitude").GetDouble(), a.GetProperty("longitude").GetDouble(),
            b.GetProperty("latitude").GetDouble(), b.GetProperty("longitude").GetDouble());
        var h = Math.Pow(Math.Sin(Rad(lat2 - lat1) / 2), 2) + Math.Cos(Rad(lat1)) * Math.Cos(Rad(lat2)) * Math.Pow(Math.Sin(Rad(lon2 - lon1) / 2), 2);
        return 2 * 6_371_000 * Math.Asin(Math.Sqrt(h));
    }

    private static bool MatchesAgeAndSchedule(JsonElement service, Dictionary<string, string> p)
    {
        if (p.TryGetValue("minimum_age", out var min) && !(service.TryGetProperty("minimum_age", out var a) && a.GetDouble() >= double.Parse(min))) return false;
        if (p.TryGetValue("maximum_age", out var max) && !(service.TryGetProperty("maximum_age", out var b) && b.GetDouble() <= double.Parse(max))) return false;
        if (!p.ContainsKey("day") && !p.ContainsKey("start_time") && !p.ContainsKey("end_time")) return true;
        var day = p.TryGetValue("day", out var d) ? d[..2].ToUpperInvariant() : null;
        return service.GetProperty("schedules").EnumerateArray().Any(s =>
            (day is null || DaysOf(s).Contains(day))
            && (!p.TryGetValue("start_time", out var start) || (s.TryGetProperty("opens_at", out var o) && TimeOnly.Parse(o.GetString()!) >= TimeOnly.Parse(start)))
            && (!p.TryGetValue("end_time", out var end) || (s.TryGetProperty("closes_at", out var c) && TimeOnly.Parse(c.GetString()!) <= TimeOnly.Parse(end))));
    }

    private static IEnumerable<string> DaysOf(JsonElement schedule)
    {
        if (schedule.TryGetProperty("byday", out var byDay))
            return byDay.GetString()!.Split(',').Select(x => x[^2..]);
        return schedule.TryGetProperty("dtstart", out var start)
            ? [DateOnly.Parse(start.GetString()!).DayOfWeek.ToString()[..2].ToUpperInvariant()] : [];
    }

    private static IEnumerable<JsonElement> Attributes(JsonElement s) =>
        s.GetProperty("attributes").EnumerateArray().Select(a => a.GetProperty("taxonomy_term"));

    private static string Text(JsonElement s) => string.Join(' ', s.GetProperty("name").GetString(),
        s.TryGetProperty("description", out var d) ? d.GetString() : "", s.GetProperty("organization").GetProperty("name").GetString());

    private static string Id(JsonElement s) => s.GetProperty("id").GetString()!;

    private async Task<int> PublishedServiceCount()
    {
        using var scope = api.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<DirectoryDb>();
        return await db.Services.CountAsync(s => s.Status == ServiceStatus.Active || s.Status == ServiceStatus.Suspended);
    }

    private async Task<List<JsonElement>> AllServices()
    {
        if (_allServices is not null) return _allServices;
        var services = new List<JsonElement>();
        foreach (var id in await Ids("/services")) services.Add(await Get($"/services/{id}"));
        return _allServices = services;
    }

    private async Task<List<JsonElement>> AllLinks()
    {
        var links = new List<JsonElement>();
        foreach (var id in await Ids("/service_at_locations")) links.Add(await Get($"/service_at_locations/{id}"));
        return links;
    }

    private async Task<List<string>> Ids(string path)
    {
        var ids = new List<string>();
        var separator = path.Contains('?') ? '&' : '?';
        for (var number = 1; ; number++)
        {
            var page = await Get($"{path}{separator}page={number}&per_page=100");
            ids.AddRange(page.GetProperty("contents").EnumerateArray().Select(Id));
            if (page.GetProperty("last_page").GetBoolean()) return ids;
        }
    }

    private async Task<JsonElement> Get(string path)
    {
        using var http = api.CreateClient();
        var response = await http.GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }
}
