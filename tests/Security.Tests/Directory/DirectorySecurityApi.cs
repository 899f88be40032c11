using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DirectoryService;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Security.Tests.Support;

namespace Security.Tests.Directory;

/// <summary>
/// Directory with organisation A (a location, a published listing there, and an unpublished one awaiting moderation)
/// and organisation B, a small gazetteer and the seeded taxonomy. Fresh listings and proposals are made per call
/// where a call changes them.
/// </summary>
public sealed class DirectorySecurityApi : SecurityApi<DirectoryModule>
{
    /// <summary>The pending listing's name: it must never show to anyone who may not see the listing.</summary>
    public const string HiddenListingName = "Xylophone Quorum Supper Club";

    private int _counter;

    public Guid LocationId { get; private set; }
    public Guid ListingId { get; private set; }
    public Guid PendingListingId { get; private set; }
    public Guid TaxonomyId { get; private set; }
    public Guid TermId { get; private set; }
    public Guid ServiceAtLocationId { get; private set; }

    public override IReadOnlyList<string> Secrets => [HiddenListingName];

    public int Next() => Interlocked.Increment(ref _counter);

    protected override async Task SeedAsync()
    {
        var ownOrg = await CreatedId(Caller.Curator, "/api/directory/organisations", new { name = "Quayside Friends", email = "hello@quayside.example.org" });
        var otherOrg = await CreatedId(Caller.Curator, "/api/directory/organisations", new { name = "Harbour Walkers" });
        Parties = new Parties(ownOrg, otherOrg);

        using (var curator = ClientFor(Caller.Curator))
        {
            var csv = "pcd,pcds,lat,long,osward,ward_name\nPO6 3AA,PO6 3AA,50.846000,-1.067000,E05002455,Cosham\nPO2 0AJ,PO2 0AJ,50.822600,-1.085000,E05002454,Nelson\n";
            var imported = await curator.PostAsync("/api/directory/postcodes/import", new StringContent(csv, Encoding.UTF8, "text/csv"));
            Assert.True(imported.IsSuccessStatusCode, await imported.Content.ReadAsStringAsync());
            var taxonomy = await curator.GetFromJsonAsync<JsonElement>("/api/directory/taxonomy");
            TaxonomyId = taxonomy[0].GetProperty("id").GetGuid();
            TermId = taxonomy[0].GetProperty("terms")[0].GetProperty("id").GetGuid();
        }

        LocationId = await NewLocation("Cosham");
        ListingId = await FreshListing([LocationId]);
        PendingListingId = (await Propose(HiddenListingName)).ServiceId;

        using var anonymous = ClientFor(Caller.Anonymous);
        var oruk = await anonymous.GetFromJsonAsync<JsonElement>($"/services/{ListingId}");
        ServiceAtLocationId = oruk.GetProperty("service_at_locations")[0].GetProperty("id").GetGuid();
    }

    public object Listing(string name, Guid[]? locations = null, Guid? organisation = null) => new
    {
        organisationId = organisation ?? Parties.OwnOrg,
        name,
        summary = "A hot lunch and good company.",
        description = "Lunch, a cup of tea and a chat. New faces welcome.",
        url = "https://lunch.example.org",
        attendingType = "in-person",
        eligibility = new { minimumAge = 50, description = "Older people" },
        cost = new { isFree = false, amount = 3.50m, currency = "GBP", description = "£3.50 a meal" },
        access = new { dropIn = true, selfReferral = true, practitionerReferral = true },
        contact = new { name = "Pat", email = "pat@lunch.example.org", phone = "023 9249 0000" },
        languages = new[] { "English" },
        taxonomyTerms = new[] { "lunch-clubs" },
        schedules = new[] { new { frequency = "weekly", byDay = new[] { "tuesday" }, opensAt = "12:00:00", closesAt = "14:00:00" } },
        locationIds = locations ?? [],
    };

    /// <summary>A search that found nothing (every listing here is a lunch club), as "Tell the hub" reports it.</summary>
    public async Task<Guid> MissedSearch()
    {
        using var anonymous = ClientFor(Caller.Anonymous);
        var search = await anonymous.GetFromJsonAsync<JsonElement>("/api/directory/search?q=sailing");
        return search.GetProperty("searchId").GetGuid();
    }

    /// <summary>A published listing of organisation A, listed by a curator.</summary>
    public Task<Guid> FreshListing(Guid[]? locations = null) =>
        CreatedId(Caller.Curator, "/api/directory/services", Listing($"Quayside lunch club {Next()}", locations));

    /// <summary>A new listing proposed by organisation A's staff: unpublished, with a pending change.</summary>
    public async Task<(Guid ServiceId, Guid ChangeId)> Propose(string? name = null)
    {
        var created = await Created(Caller.OwnOrgProvider, "/api/directory/services", Listing(name ?? $"Proposed club {Next()}"));
        return (created.GetProperty("id").GetGuid(), created.GetProperty("changeId").GetGuid());
    }

    public Task<Guid> NewLocation(string ward) => CreatedId(Caller.Curator, "/api/directory/locations",
        new { organisationId = Parties.OwnOrg, name = $"Quayside Hall {Next()}", address1 = "1 Quay Street", city = "Portsmouth",
              postcode = "PO6 3AA", ward });

    /// <summary>A listing alone in its own ward, so a crisis action on that ward touches nothing else.</summary>
    public async Task<(Guid ServiceId, string Ward)> ListingInOwnWard()
    {
        var ward = $"Ward {Guid.NewGuid():N}";
        return (await FreshListing([await NewLocation(ward)]), ward);
    }

    public async Task<string> Suspend(string ward)
    {
        using var curator = ClientFor(Caller.Curator);
        var response = await curator.PostAsJsonAsync("/api/directory/crisis/suspend", new { ward, publicNote = "Closed after the storm" });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return ward;
    }

    /// <summary>A crisis declared over a ward of its own (one fresh listing suspended); its id.</summary>
    public async Task<Guid> DeclaredCrisis()
    {
        using var curator = ClientFor(Caller.Curator);
        var ward = (await ListingInOwnWard()).Ward;
        var response = await curator.PostAsJsonAsync("/api/directory/crisis/suspend", new { ward, publicNote = "Closed after the storm" });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("crisisId").GetGuid();
    }

    /// <summary>A taxonomy term of its own (a curator may rename, merge or retire it without touching another row's).</summary>
    public async Task<string> NewTerm()
    {
        var code = $"matrix-term-{Next()}";
        await Created(Caller.Curator, "/api/directory/taxonomy/terms", new { taxonomyId = TaxonomyId, code, name = $"Matrix term {code}" });
        return code;
    }

    /// <summary>A fresh vocabulary rule, for a phrase of its own.</summary>
    public Task<Guid> VocabularyRule() => CreatedId(Caller.Curator, "/api/directory/vocabulary",
        new { kind = "words", typed = new[] { $"matrix phrase {Next()}" }, alsoFinds = new[] { "lunch" } });

    /// <summary>A fresh listing closed by its own organisation's notice.</summary>
    public async Task<Guid> ClosedListing()
    {
        var id = await FreshListing();
        using var curator = ClientFor(Caller.Curator);
        var response = await curator.PostAsJsonAsync($"/api/directory/services/{id}/closure", new { publicNote = "Closed for the holidays" });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return id;
    }

    /// <summary>A feed scheduled for import (at an address nothing answers, so a run fails at once).</summary>
    public Task<Guid> ScheduledFeed() => CreatedId(Caller.Curator, "/api/directory/import/feeds",
        new { url = $"http://127.0.0.1:9/feed-{Next()}/services", intervalMinutes = 60 });

    /// <summary>A published listing its publisher's feed withdrew (set in the database: a whole feed would need a publisher's server).</summary>
    public async Task<Guid> WithdrawnListing()
    {
        var id = await FreshListing();
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DirectoryService.Data.DirectoryDb>();
        var service = await db.Services.SingleAsync(s => s.Id == id);
        service.WithdrawByPublisher(DateTimeOffset.UtcNow);
        await db.SaveChangesAsync();
        return id;
    }

    /// <summary>A publisher's own taxonomy term, kept by importing a service that carries it.</summary>
    public async Task<Guid> PublisherTerm()
    {
        var publisher = $"matrix-terms-{Next()}";
        using var curator = ClientFor(Caller.Curator);
        var service = new
        {
            id = Guid.NewGuid(), name = "Imported choir", organization = new { id = Guid.NewGuid(), name = "Imported singers" },
            attributes = new[] { new { taxonomy_term = new { id = $"choirs-{Next()}", name = "Choirs", taxonomy = "Publisher's own" } } },
        };
        var imported = await curator.PostAsJsonAsync("/api/directory/import", new { json = new[] { service }, publisher });
        Assert.True(imported.IsSuccessStatusCode, await imported.Content.ReadAsStringAsync());
        var terms = await curator.GetFromJsonAsync<JsonElement>($"/api/directory/import/terms?publisher={Uri.EscapeDataString(publisher)}");
        return terms[0].GetProperty("id").GetGuid();
    }

    public async Task<Guid> CreatedId(Caller caller, string path, object body) => (await Created(caller, path, body)).GetProperty("id").GetGuid();

    private async Task<JsonElement> Created(Caller caller, string path, object body)
    {
        using var http = ClientFor(caller);
        var response = await http.PostAsJsonAsync(path, body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{path}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
