using System.Text.RegularExpressions;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using DirectoryService.Data;
using DirectoryService.Domain;
using DirectoryService.Features.OpenReferral;
using Microsoft.EntityFrameworkCore;

namespace Directory.Tests.OpenReferral;

/// <summary>
/// The real publishers' feeds (Buckinghamshire's directory, Bristol's Open Place) posted as files: everything
/// imports, nothing is invented or lost, and a re-import changes nothing.
/// </summary>
public sealed class RealFeedImportTests(ImportingFromStubApi api) : IClassFixture<ImportingFromStubApi>
{
    private static string NewPublisher(string name) => $"{name}-{Guid.NewGuid():N}";

    [Fact]
    public async Task The_buckinghamshire_feed_imports_all_twenty_services_and_reimports_unchanged()
    {
        var publisher = NewPublisher("buckinghamshire");
        var feed = RealFeeds.Read(RealFeeds.Buckinghamshire);

        var first = await Import(feed, publisher);
        var again = await Import(RealFeeds.Read(RealFeeds.Buckinghamshire), publisher);

        Assert.Equal(20, first.GetProperty("created").GetInt32());
        Assert.Equal(0, first.GetProperty("rejected").GetInt32());
        Assert.False(first.GetProperty("completeFeed").GetBoolean());
        Assert.Equal(20, again.GetProperty("unchanged").GetInt32());
        Assert.Equal(0, again.GetProperty("created").GetInt32() + again.GetProperty("updated").GetInt32() + again.GetProperty("withdrawn").GetInt32());
        var ids = ServiceIds(first);
        await api.InDatabase(async db =>
        {
            Assert.Equal(20, await db.Services.CountAsync(s => ids.Contains(s.Id) && s.Status == ServiceStatus.PendingApproval));
            Assert.Equal(20, await db.Set<ImportedRecord>().CountAsync(r => r.Publisher == publisher && r.Kind == ImportedRecord.ServiceKind));
        });
    }

    [Fact]
    public async Task Services_naming_only_an_organization_id_are_filed_under_a_placeholder_for_a_curator_not_rejected()
    {
        var publisher = NewPublisher("buckinghamshire");
        var feed = RealFeeds.Read(RealFeeds.Buckinghamshire);
        var services = feed["contents"]!.AsArray();
        var withoutName = services.Count(s => s!["organization"] is null);

        var report = await Import(feed, publisher);

        var records = report.GetProperty("records").EnumerateArray().ToList();
        Assert.All(records, r => Assert.Equal("created", r.GetProperty("outcome").GetString()));
        await api.InDatabase(async db =>
        {
            foreach (var (service, record) in services.Zip(records))
            {
                var imported = await db.Services.Include(s => s.Organisation).SingleAsync(s => s.Id == record.GetProperty("serviceId").GetGuid());
                if (service!["organization"] is { } organisation)
                {
                    Assert.Equal((string)organisation["name"]!, imported.Organisation.Name);
                    Assert.False(imported.Organisation.IsPlaceholder);
                }
                else
                {
                    Assert.True(imported.Organisation.IsPlaceholder, imported.Name);
                    Assert.Contains((string)service["organization_id"]!, imported.Organisation.Name);
                }
            }
        });
        Assert.True(withoutName >= 5, "the real feed has services naming only an organization_id");
    }

    [Fact]
    public async Task A_file_names_the_organisation_of_a_service_that_gives_only_its_id_when_another_service_nests_it()
    {
        var publisher = NewPublisher("buckinghamshire");
        var services = RealFeeds.Services(RealFeeds.Buckinghamshire);
        var nesting = services.First(s => s["organization"] is not null);
        // A second real service of the same organisation, as a feed lists it: organization_id only.
        var sibling = services.First(s => s["organization"] is null).DeepClone().AsObject();
        sibling["organization_id"] = nesting["organization_id"]!.DeepClone();

        var report = await Import(new JsonArray(sibling, nesting.DeepClone()), publisher);

        var ids = ServiceIds(report);
        await api.InDatabase(async db =>
        {
            var organisations = await db.Services.Where(s => ids.Contains(s.Id)).Select(s => s.Organisation).Distinct().ToListAsync();
            var organisation = Assert.Single(organisations);
            Assert.Equal((string)nesting["organization"]!["name"]!, organisation.Name);
            Assert.False(organisation.IsPlaceholder);
        });
    }

    [Fact]
    public async Task Placeholder_places_nationwide_online_and_zero_zero_become_no_place_never_coordinates()
    {
        var publisher = NewPublisher("buckinghamshire");
        var services = RealFeeds.Services(RealFeeds.Buckinghamshire);
        var placeholders = services.Where(s => (s["service_at_locations"]?.AsArray() ?? []).Any(l => (double?)l!["location"]!["latitude"] == 0)).ToList();

        var report = await Import(RealFeeds.Read(RealFeeds.Buckinghamshire), publisher);

        Assert.Equal(5, placeholders.Count);
        var records = report.GetProperty("records").EnumerateArray().ToDictionary(r => r.GetProperty("externalId").GetString()!);
        await api.InDatabase(async db =>
        {
            foreach (var placeholder in placeholders)
            {
                var service = await db.Services.SingleAsync(s => s.Id == records[(string)placeholder["id"]!].GetProperty("serviceId").GetGuid());
                Assert.Empty(service.Locations);
            }
            var online = await db.Services.SingleAsync(s => s.Id == records[IdOf(services, "ABC Fantastic Home Learning")].GetProperty("serviceId").GetGuid());
            Assert.Equal(AttendingType.Online, online.AttendingType);
            var nationwide = await db.Services.SingleAsync(s => s.Id == records[IdOf(services, "ABA Horizons")].GetProperty("serviceId").GetGuid());
            Assert.Equal(AttendingType.InPerson, nationwide.AttendingType);
            var ids = records.Values.Select(r => r.GetProperty("serviceId").GetGuid()).ToList();
            var locationIds = await db.Services.Where(s => ids.Contains(s.Id)).SelectMany(s => s.Locations.Select(l => l.LocationId)).ToListAsync();
            var realPlaces = services.SelectMany(s => s["service_at_locations"]?.AsArray() ?? []).Count(l => (double?)l!["location"]!["latitude"] != 0);
            Assert.Equal(realPlaces, locationIds.Distinct().Count());
            Assert.False(await db.Locations.AnyAsync(l => locationIds.Contains(l.Id) && (l.Latitude == 0 || l.Longitude == 0)));
        });
    }

    [Fact]
    public async Task Posted_json_without_a_publisher_is_a_400_and_imports_nothing()
    {
        using var http = api.Curator();

        var response = await http.PostAsJsonAsync("/api/directory/import", new { json = RealFeeds.Read(RealFeeds.BristolPage) });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("publisher", out _));
        await api.InDatabase(async db => Assert.False(await db.Set<ImportedRecord>().AnyAsync(r => r.Publisher == "inline-json")));
    }

    [Fact]
    public async Task Importing_one_unrelated_service_as_an_array_withdraws_none_of_the_publishers_earlier_listings()
    {
        var publisher = NewPublisher("shared");
        var earlier = ServiceIds(await Import(RealFeeds.Read(RealFeeds.Buckinghamshire), publisher));

        var one = await Import(new JsonArray(RealFeeds.Read(RealFeeds.BristolService)), publisher);
        var page = await Import(RealFeeds.Read(RealFeeds.BristolPage), publisher);

        Assert.Equal(0, one.GetProperty("withdrawn").GetInt32());
        Assert.Equal(0, page.GetProperty("withdrawn").GetInt32());
        await api.InDatabase(async db =>
            Assert.Equal(20, await db.Services.CountAsync(s => earlier.Contains(s.Id) && s.Status == ServiceStatus.PendingApproval)));
    }

    [Fact]
    public async Task The_pre_3_0_outpost_feed_is_a_422_saying_it_is_not_open_referral_uk_and_imports_nothing()
    {
        var publisher = NewPublisher("outpost");
        using var http = api.Curator();

        var response = await http.PostAsJsonAsync("/api/directory/import", new { json = RealFeeds.Read(RealFeeds.BuckinghamshireOutpost), publisher });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("not an Open Referral UK feed", await response.Content.ReadAsStringAsync());
        await api.InDatabase(async db => Assert.False(await db.Set<ImportedRecord>().AnyAsync(r => r.Publisher == publisher)));
    }

    [Fact]
    public async Task Bristol_services_keep_the_publishers_assured_date_email_and_unstated_access_through_approval_and_the_public_api()
    {
        var publisher = NewPublisher("bristol");
        var page = RealFeeds.Services(RealFeeds.BristolPage);

        var report = await Import(RealFeeds.Read(RealFeeds.BristolPage), publisher);
        Assert.Equal(3, report.GetProperty("created").GetInt32());

        using var anonymous = api.Anonymous();
        foreach (var (source, record) in page.Zip(report.GetProperty("records").EnumerateArray()))
        {
            var id = record.GetProperty("serviceId").GetGuid();
            await Approve(await PendingChange(id));
            var published = await anonymous.GetFromJsonAsync<JsonElement>($"/services/{id}");
            Assert.Equal((string)source["name"]!, published.GetProperty("name").GetString());
            // Bristol writes HTML: the listing holds the words a browser shows, no tags, no entities.
            var description = published.GetProperty("description").GetString()!;
            Assert.DoesNotMatch("<[a-z/][^>]*>|&[a-z]+;", description);
            Assert.Equal(Words(WebUtility.HtmlDecode(Regex.Replace((string)source["description"]!, "<[^>]+>", " "))), Words(description));
            Assert.Equal((string)source["url"]!, published.GetProperty("url").GetString());
            Assert.Equal((string)source["assured_date"]!, published.GetProperty("assured_date").GetString());
            Assert.Equal((string)source["organization"]!["name"]!, published.GetProperty("organization").GetProperty("name").GetString());
            Assert.Equal((string)source["email"]!, published.GetProperty("contacts")[0].GetProperty("email").GetString());
            // minimum_age -1 is the publisher's "none": nothing invented.
            Assert.False(published.TryGetProperty("minimum_age", out _));
            await api.InDatabase(async db =>
            {
                var service = await db.Services.SingleAsync(s => s.Id == id);
                Assert.Equal(new AccessMethods(false, false, false), service.Access);
                Assert.Equal(publisher, service.ImportedFrom);
            });
        }
        Assert.Contains(report.GetProperty("records")[0].GetProperty("reasons").EnumerateArray(), r => r.GetString()!.Contains("how people get access"));
    }

    [Fact]
    public async Task Approving_an_imported_edit_applies_every_field_it_carries_and_the_diff_shows_each()
    {
        var publisher = NewPublisher("bristol");
        var listed = await Import(new JsonArray(RealFeeds.Services(RealFeeds.BristolPage)[0].DeepClone()), publisher);
        var id = ServiceIds(listed).Single();
        await Approve(await PendingChange(id));

        // The same service in full: its contacts carry phone numbers the list page did not.
        var full = await Import(new JsonArray(RealFeeds.Read(RealFeeds.BristolService)), publisher);
        Assert.Equal("updated", full.GetProperty("records")[0].GetProperty("outcome").GetString());
        var changeId = await PendingChange(id);
        using var curator = api.Curator();
        var queue = await curator.GetFromJsonAsync<JsonElement>("/api/directory/moderation");
        var diff = queue.GetProperty("pending").EnumerateArray().Single(c => c.GetProperty("changeId").GetGuid() == changeId).GetProperty("changes");
        var contact = diff.EnumerateArray().Single(f => f.GetProperty("field").GetString() == "contact");
        Assert.Equal("0800 0354213", contact.GetProperty("after").GetProperty("phone").GetString());
        Assert.Equal("Bristol Youth MAPS: 0117 332 7111", contact.GetProperty("after").GetProperty("morePhones")[0].GetProperty("number").GetString());

        await Approve(changeId, verifiedFacts: ["contact"]);

        using var anonymous = api.Anonymous();
        var published = await anonymous.GetFromJsonAsync<JsonElement>($"/services/{id}");
        Assert.Equal(["0800 0354213", "Bristol Youth MAPS: 0117 332 7111"],
            published.GetProperty("contacts")[0].GetProperty("phones").EnumerateArray().Select(p => p.GetProperty("number").GetString()));
        var listing = await curator.GetFromJsonAsync<JsonElement>($"/api/directory/services/{id}");
        var verified = Assert.Single(listing.GetProperty("provenance").GetProperty("verifiedByHub").EnumerateArray());
        Assert.Equal("contact", verified.GetProperty("field").GetString());
        Assert.Equal("2025-09-02", listing.GetProperty("provenance").GetProperty("publisherAssuredOn").GetString());
    }

    [Fact]
    public async Task The_publishers_own_terms_are_kept_and_one_mapping_applies_to_every_listing_carrying_the_term()
    {
        var publisher = NewPublisher("buckinghamshire");
        var services = RealFeeds.Services(RealFeeds.Buckinghamshire);
        var carrying = services.Where(s => (s["attributes"]?.AsArray() ?? []).Any(a => (string?)a!["taxonomy_term"]!["name"] == "Advice and support"))
            .Select(s => (string)s["id"]!).ToHashSet();
        var report = await Import(RealFeeds.Read(RealFeeds.Buckinghamshire), publisher);
        var ids = report.GetProperty("records").EnumerateArray().ToDictionary(r => r.GetProperty("externalId").GetString()!, r => r.GetProperty("serviceId").GetGuid());

        using var curator = api.Curator();
        var terms = await curator.GetFromJsonAsync<JsonElement>($"/api/directory/import/terms?publisher={Uri.EscapeDataString(publisher)}");
        Assert.Equal(19, terms.GetArrayLength());
        var advice = terms.EnumerateArray().Single(t => t.GetProperty("name").GetString() == "Advice and support");
        Assert.Equal("Buckinghamshire FIS", advice.GetProperty("vocabulary").GetString());
        Assert.Equal(carrying.Count, advice.GetProperty("listings").GetInt32());

        var mapped = await curator.PutAsJsonAsync($"/api/directory/import/terms/{advice.GetProperty("id").GetGuid()}", new { code = "advice" });

        Assert.Equal(HttpStatusCode.OK, mapped.StatusCode);
        await api.InDatabase(async db =>
        {
            foreach (var (externalId, serviceId) in ids)
            {
                var service = await db.Services.SingleAsync(s => s.Id == serviceId);
                Assert.Equal(carrying.Contains(externalId), service.Terms.Any(t => t.TermCode == "advice"));
            }
        });
        // A later import of a changed listing keeps the mapped term.
        var changed = RealFeeds.Read(RealFeeds.Buckinghamshire);
        var first = changed["contents"]!.AsArray().First(s => carrying.Contains((string)s!["id"]!))!;
        first["description"] = "Changed by the publisher.";
        await Import(changed, publisher);
        await api.InDatabase(async db =>
            Assert.Contains((await db.Services.SingleAsync(s => s.Id == ids[(string)first["id"]!])).Terms, t => t.TermCode == "advice"));
    }

    [Fact]
    public async Task Approving_an_imported_edit_applies_the_publishers_terms_as_mapped_at_approval_not_as_when_it_was_proposed()
    {
        var publisher = NewPublisher("buckinghamshire");
        var service = RealFeeds.Services(RealFeeds.Buckinghamshire).Single(s => (string?)s["name"] == "2HelpUXL Mentoring and Support");
        var id = ServiceIds(await Import(new JsonArray(service.DeepClone()), publisher)).Single();
        await Approve(await PendingChange(id));
        // The publisher adds one of the hub's own terms: the edit carries the listing's terms, while its own
        // "Advice and support" is still unmapped.
        var changed = (JsonObject)service.DeepClone();
        changed["attributes"]!.AsArray().Add(new JsonObject
        {
            ["id"] = Guid.NewGuid().ToString(), ["link_type"] = "service",
            ["taxonomy_term"] = new JsonObject { ["id"] = Guid.NewGuid().ToString(), ["name"] = "Befriending", ["term"] = "befriending" },
        });
        await Import(new JsonArray(changed), publisher);
        var edit = await PendingChange(id);

        using var curator = api.Curator();
        var terms = await curator.GetFromJsonAsync<JsonElement>($"/api/directory/import/terms?publisher={Uri.EscapeDataString(publisher)}");
        var advice = terms.EnumerateArray().Single(t => t.GetProperty("name").GetString() == "Advice and support");
        var mapped = await curator.PutAsJsonAsync($"/api/directory/import/terms/{advice.GetProperty("id").GetGuid()}", new { code = "advice" });
        Assert.Equal(HttpStatusCode.OK, mapped.StatusCode);
        await Approve(edit);

        await api.InDatabase(async db =>
        {
            var codes = (await db.Services.SingleAsync(s => s.Id == id)).Terms.Select(t => t.TermCode).Order().ToList();
            Assert.Equal(["advice", "befriending"], codes);
        });
    }

    [Fact]
    public async Task Both_phones_of_a_real_contact_survive_import_and_approval_into_the_public_api_valid_against_the_profile()
    {
        var publisher = NewPublisher("bristol");
        var report = await Import(new JsonArray(RealFeeds.Read(RealFeeds.BristolService)), publisher);
        var id = ServiceIds(report).Single();
        await Approve(await PendingChange(id));
        // What a listing has no place for is told, not dropped silently.
        Assert.Contains(report.GetProperty("records")[0].GetProperty("reasons").EnumerateArray(),
            r => r.GetString() == "Service areas are not kept (a listing has places, not areas): 'Bristol', 'South Gloucestershire'.");

        using var anonymous = api.Anonymous();
        var published = await anonymous.GetFromJsonAsync<JsonElement>($"/services/{id}");
        string[] numbers = ["0800 0354213", "Bristol Youth MAPS: 0117 332 7111"];
        Assert.Equal(numbers, published.GetProperty("contacts")[0].GetProperty("phones").EnumerateArray().Select(p => p.GetProperty("number").GetString()));
        Assert.Equal(numbers, published.GetProperty("phones").EnumerateArray().Select(p => p.GetProperty("number").GetString()));
        AssertValid(OrukSchemas.ResponseOf("/services/{id}"), published);
        var organisation = published.GetProperty("organization_id").GetString();
        AssertValid(OrukSchemas.ResponseOf("/services"), await anonymous.GetFromJsonAsync<JsonElement>($"/services?organization_id={organisation}"));
        using var curator = api.Curator();
        var listing = await curator.GetFromJsonAsync<JsonElement>($"/api/directory/services/{id}");
        Assert.Equal("0800 0354213", listing.GetProperty("contact").GetProperty("phone").GetString());
        Assert.Equal("Bristol Youth MAPS: 0117 332 7111", listing.GetProperty("contact").GetProperty("morePhones")[0].GetProperty("number").GetString());
    }

    [Fact]
    public async Task A_second_contacts_number_is_kept_and_a_phones_extension_type_description_and_languages_are_published()
    {
        var publisher = NewPublisher("buckinghamshire");
        var service = RealFeeds.Services(RealFeeds.Buckinghamshire).Single(s => (string?)s["name"] == "ABA Horizons");
        var second = service["contacts"]![1]!["phones"]![0]!.AsObject();
        (second["extension"], second["type"], second["description"]) = (303, "voice", "Outreach team, weekdays");
        second["languages"] = new JsonArray(new JsonObject { ["id"] = Guid.NewGuid().ToString(), ["name"] = "Polish", ["code"] = "pl" });
        var id = ServiceIds(await Import(new JsonArray(service.DeepClone()), publisher)).Single();
        await Approve(await PendingChange(id));

        using var anonymous = api.Anonymous();
        var published = await anonymous.GetFromJsonAsync<JsonElement>($"/services/{id}");
        var phones = published.GetProperty("contacts")[0].GetProperty("phones");
        Assert.Equal(["0777 777 7777", "0203 289 6420 Ext 303"], phones.EnumerateArray().Select(p => p.GetProperty("number").GetString()));
        var kept = phones[1];
        Assert.Equal("303", kept.GetProperty("extension").GetString());
        Assert.Equal("voice", kept.GetProperty("type").GetString());
        Assert.Equal("Outreach team, weekdays", kept.GetProperty("description").GetString());
        var language = Assert.Single(kept.GetProperty("languages").EnumerateArray());
        Assert.Equal(("Polish", "pl"), (language.GetProperty("name").GetString(), language.GetProperty("code").GetString()));
        AssertValid(OrukSchemas.ResponseOf("/services/{id}"), published);
    }

    [Fact]
    public async Task A_curator_edits_the_further_phones_and_an_edit_that_does_not_send_them_keeps_them()
    {
        var publisher = NewPublisher("bristol");
        var id = ServiceIds(await Import(new JsonArray(RealFeeds.Read(RealFeeds.BristolService)), publisher)).Single();
        await Approve(await PendingChange(id));
        using var curator = api.Curator();

        // A client that knows only the main number changes it: the further one stays.
        var body = await EditBody(curator, id);
        body["contact"] = new JsonObject { ["email"] = "enquiries@1625ip.co.uk", ["phone"] = "0117 000 0000" };
        var edited = await curator.PutAsJsonAsync($"/api/directory/services/{id}", body);
        Assert.True(edited.IsSuccessStatusCode, await edited.Content.ReadAsStringAsync());
        var contact = (await curator.GetFromJsonAsync<JsonElement>($"/api/directory/services/{id}")).GetProperty("contact");
        Assert.Equal("0117 000 0000", contact.GetProperty("phone").GetString());
        Assert.Equal("Bristol Youth MAPS: 0117 332 7111", Assert.Single(contact.GetProperty("morePhones").EnumerateArray()).GetProperty("number").GetString());

        body = await EditBody(curator, id);
        body["contact"]!["morePhones"] = new JsonArray(new JsonObject { ["number"] = "0117 332 7111", ["description"] = "Bristol Youth MAPS" });
        edited = await curator.PutAsJsonAsync($"/api/directory/services/{id}", body);
        Assert.True(edited.IsSuccessStatusCode, await edited.Content.ReadAsStringAsync());
        using var anonymous = api.Anonymous();
        var phones = (await anonymous.GetFromJsonAsync<JsonElement>($"/services/{id}")).GetProperty("contacts")[0].GetProperty("phones");
        Assert.Equal("Bristol Youth MAPS", phones[1].GetProperty("description").GetString());

        // A phone without a number, or a null one, is a 400 naming it, never a 500.
        foreach (var bad in new JsonNode?[] { new JsonObject { ["number"] = "" }, null, new JsonObject { ["number"] = "no digits here" } })
        {
            body = await EditBody(curator, id);
            body["contact"]!["morePhones"] = new JsonArray(bad);
            var refused = await curator.PutAsJsonAsync($"/api/directory/services/{id}", body);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("contact.morePhones[0]", await refused.Content.ReadAsStringAsync());
        }
    }

    /// <summary>The edit body for a listing as GET /api/directory/services/{id} shows it.</summary>
    private static async Task<JsonObject> EditBody(HttpClient http, Guid id)
    {
        var listing = JsonNode.Parse(await http.GetStringAsync($"/api/directory/services/{id}"))!.AsObject();
        return new JsonObject
        {
            ["version"] = listing["version"]!.DeepClone(), ["name"] = listing["name"]!.DeepClone(), ["summary"] = listing["summary"]?.DeepClone(),
            ["description"] = listing["description"]?.DeepClone(), ["url"] = listing["url"]?.DeepClone(),
            ["attendingType"] = listing["attendingType"]!.DeepClone(), ["eligibility"] = listing["eligibility"]!.DeepClone(),
            ["cost"] = listing["cost"]!.DeepClone(), ["access"] = listing["access"]!.DeepClone(), ["contact"] = listing["contact"]!.DeepClone(),
            ["languages"] = listing["languages"]!.DeepClone(),
            ["taxonomyTerms"] = new JsonArray([.. listing["taxonomy"]!.AsArray().Select(t => (JsonNode?)JsonValue.Create((string)t!["code"]!))]),
            ["schedules"] = new JsonArray(),
            ["locationIds"] = new JsonArray([.. listing["locations"]!.AsArray().Select(l => (JsonNode?)JsonValue.Create((string)l!["id"]!))]),
        };
    }

    private static void AssertValid(Json.Schema.JsonSchema schema, JsonElement instance)
    {
        var failures = OrukSchemas.Failures(schema, instance);
        Assert.True(failures.Count == 0, string.Join('\n', failures.Take(20)));
    }

    [Fact]
    public async Task Mapping_to_a_code_the_hub_does_not_have_is_a_422()
    {
        var publisher = NewPublisher("buckinghamshire");
        await Import(RealFeeds.Read(RealFeeds.Buckinghamshire), publisher);
        using var curator = api.Curator();
        var term = (await curator.GetFromJsonAsync<JsonElement>($"/api/directory/import/terms?publisher={Uri.EscapeDataString(publisher)}"))[0];

        var response = await curator.PutAsJsonAsync($"/api/directory/import/terms/{term.GetProperty("id").GetGuid()}", new { code = "no-such-term" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
    }

    private static string IdOf(List<JsonObject> services, string name) => (string)services.Single(s => (string?)s["name"] == name)["id"]!;

    private static List<Guid> ServiceIds(JsonElement report) =>
        [.. report.GetProperty("records").EnumerateArray().Where(r => r.GetProperty("serviceId").ValueKind == JsonValueKind.String)
            .Select(r => r.GetProperty("serviceId").GetGuid())];

    private async Task<JsonElement> Import(JsonNode json, string publisher)
    {
        using var http = api.Curator();
        var response = await http.PostAsJsonAsync("/api/directory/import", new { json, publisher });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private async Task<Guid> PendingChange(Guid serviceId)
    {
        var id = Guid.Empty;
        await api.InDatabase(async db => id = await db.ListingChanges
            .Where(c => c.ServiceId == serviceId && c.Decision == ChangeDecision.Pending).Select(c => c.Id).SingleAsync());
        return id;
    }

    private async Task Approve(Guid changeId, string[]? verifiedFacts = null)
    {
        using var http = api.Curator();
        var response = await http.PostAsJsonAsync($"/api/directory/moderation/{changeId}/approve", new { verifiedFacts });
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    private static string Words(string text) => Regex.Replace(text.Replace("- ", " "), @"[\s\u00a0]+", " ").Trim();
}
