using System.Text.Json;
using BuildingBlocks.Web;
using Contracts.Directory;

namespace DirectoryService.Domain;

/// <summary>
/// <see cref="WithdrawnByPublisher"/>: an imported listing its publisher's whole feed no longer carries. Unlike
/// <see cref="Removed"/> it is reversible: a curator restores it, and so does the publisher listing it again.
/// </summary>
public enum ServiceStatus { PendingApproval, Active, Suspended, Removed, Rejected, WithdrawnByPublisher }

public enum AttendingType { InPerson, Online, Phone }

/// <summary>
/// An activity people can be referred to or turn up at (ORUK "service"). Its rules (status changes,
/// freshness, crisis suspension) live here; handlers only load, call and save.
/// </summary>
public sealed class Service
{
    public Guid Id { get; private set; }
    public Guid OrganisationId { get; private set; }
    public Organisation Organisation { get; private set; } = null!;
    public string Name { get; private set; } = "";
    public string? Summary { get; private set; }
    public string? Description { get; private set; }
    public string? Url { get; private set; }
    public ServiceStatus Status { get; private set; }
    public AttendingType AttendingType { get; private set; }
    public Eligibility Eligibility { get; private set; } = new(null, null, null);
    public Cost Cost { get; private set; } = Cost.Free;
    public AccessMethods Access { get; private set; } = new(false, false, true);
    public Capacity Capacity { get; private set; } = new(ReferralAcceptance.Yes, null, null);
    public Contact Contact { get; private set; } = new(null, null, null);
    public List<string> Languages { get; private set; } = [];
    /// <summary>How to get there, as the provider describes it: nearest bus stops, parking, which door.</summary>
    public string? GettingThere { get; private set; }
    /// <summary>What to expect at the first visit, in the provider's words.</summary>
    public string? FirstVisit { get; private set; }
    /// <summary>The named person who will welcome a newcomer, where the group gives one ("Maureen, our volunteer").</summary>
    public string? WelcomedBy { get; private set; }
    public List<ServiceTaxonomyTerm> Terms { get; private set; } = [];
    public List<Schedule> Schedules { get; private set; } = [];
    public List<ServiceAtLocation> Locations { get; private set; } = [];
    /// <summary>The provider's own words in other languages (one per language; English is the listing itself).</summary>
    public List<ServiceTranslation> Translations { get; private set; } = [];
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public DateTimeOffset LastVerifiedAt { get; private set; }
    public string? LastVerifiedBy { get; private set; }
    public string? SuspensionNote { get; private set; }
    public string? SuspensionAlternative { get; private set; }
    public DateTimeOffset? SuspendedAt { get; private set; }
    /// <summary>When a suspension is planned to end: the listing is reinstated automatically then (null: until someone reinstates it).</summary>
    public DateTimeOffset? SuspendedUntil { get; private set; }
    /// <summary>The crisis that suspended it (null for a provider's own closure notice).</summary>
    public Guid? CrisisId { get; private set; }
    /// <summary>When ListingVerificationDue was last published, so providers are prompted once per period.</summary>
    public DateTimeOffset? VerificationPromptedAt { get; private set; }
    /// <summary>Increments on every accepted change; the version history keys on it.</summary>
    public int Version { get; private set; }
    /// <summary>The status a listing had when its publisher withdrew it, which restoring it returns to.</summary>
    public ServiceStatus? StatusBeforeWithdrawal { get; private set; }
    /// <summary>The feed an imported listing came from (null for the hub's own listings).</summary>
    public string? ImportedFrom { get; private set; }
    /// <summary>The publisher's own <c>assured_date</c>: when they last checked the listing. Kept as they said it.</summary>
    public DateOnly? PublisherAssuredOn { get; private set; }
    /// <summary>Facts (listing fields) the hub itself has checked, each with when and by whom.</summary>
    public List<VerifiedFact> VerifiedFacts { get; private set; } = [];

    private Service() { }

    public Service(Guid id, Organisation organisation, ServiceDetails details, ServiceStatus initialStatus, DateTimeOffset at, string by)
    {
        Id = id;
        OrganisationId = organisation.Id;
        Organisation = organisation;
        Status = initialStatus;
        CreatedAt = at;
        Apply(details, at);
        MarkVerified(at, by);
    }

    public bool IsPublished => Status is ServiceStatus.Active or ServiceStatus.Suspended;

    /// <summary>What the publisher says about its own listing besides the details: where it comes from and when they assured it.</summary>
    public void RecordPublisherFacts(string publisher, DateOnly? assuredOn)
    {
        ImportedFrom = publisher;
        PublisherAssuredOn = assuredOn;
    }

    /// <summary>
    /// A curator says they checked these fields themselves (with the provider, by phone, on site): each is marked
    /// verified by the hub now, beside whatever the publisher said.
    /// </summary>
    public void MarkFactsVerified(IEnumerable<string> fields, DateTimeOffset at, string by)
    {
        foreach (var field in fields.Distinct())
        {
            if (!ServiceDetails.FieldNames.Contains(field))
                throw new RuleViolationException($"'{field}' is not a listing field.",
                    new Dictionary<string, string[]> { ["verifiedFacts"] = [$"Unknown field '{field}'; known: {string.Join(", ", ServiceDetails.FieldNames)}."] });
            VerifiedFacts.RemoveAll(f => f.Field == field);
            VerifiedFacts.Add(new VerifiedFact(field, at, by));
        }
    }

    /// <summary>
    /// The publisher's complete feed no longer lists it: hidden (reversibly) until a curator restores it or the
    /// publisher lists it again. True when it was published (readers must then stop offering it).
    /// </summary>
    public bool WithdrawByPublisher(DateTimeOffset at)
    {
        if (Status is ServiceStatus.Removed or ServiceStatus.Rejected or ServiceStatus.WithdrawnByPublisher) return false;
        var wasPublished = IsPublished;
        StatusBeforeWithdrawal = Status;
        Status = ServiceStatus.WithdrawnByPublisher;
        Changed(at);
        return wasPublished;
    }

    /// <summary>Back to the status it had before its publisher withdrew it. True when that makes it published again.</summary>
    public bool RestoreWithdrawn(DateTimeOffset at)
    {
        if (Status != ServiceStatus.WithdrawnByPublisher)
            throw new ConflictException("Only a listing withdrawn by its publisher can be restored.",
                new Dictionary<string, object?> { ["status"] = Status.ToString() });
        Status = StatusBeforeWithdrawal ?? ServiceStatus.PendingApproval;
        StatusBeforeWithdrawal = null;
        Changed(at);
        return IsPublished;
    }

    /// <summary>Replaces the provider-editable details (an approved edit, or a direct one by a curator).</summary>
    public ServiceDetails Details() => new ServiceDetails(Name, Summary, Description, Url, AttendingType, Eligibility, Cost, Access, Contact,
        Languages, [.. Terms.Select(t => t.TermCode)], Schedules, [.. Locations.Select(l => l.LocationId)],
        GettingThere, FirstVisit, WelcomedBy,
        [.. Translations.OrderBy(t => t.Language, StringComparer.Ordinal).Select(t => t.ToText())]).WithDefaults();

    public void Apply(ServiceDetails details, DateTimeOffset at)
    {
        details = details.WithDefaults();
        Name = details.Name.Trim();
        Summary = details.Summary;
        Description = details.Description;
        Url = details.Url;
        AttendingType = details.AttendingType;
        Eligibility = details.Eligibility;
        Cost = details.Cost;
        Access = details.Access;
        Contact = details.Contact;
        Languages = [.. details.Languages.Distinct()];
        GettingThere = details.GettingThere;
        FirstVisit = details.FirstVisit;
        WelcomedBy = details.WelcomedBy;
        // Keep rows that stay, so EF updates only what changed.
        var codes = details.TaxonomyTerms.Distinct().ToHashSet();
        Terms.RemoveAll(t => !codes.Contains(t.TermCode));
        Terms.AddRange(codes.Except(Terms.Select(t => t.TermCode)).Select(code => new ServiceTaxonomyTerm(Id, code)));
        var locationIds = details.LocationIds.Distinct().ToHashSet();
        Locations.RemoveAll(l => !locationIds.Contains(l.LocationId));
        Locations.AddRange(locationIds.Except(Locations.Select(l => l.LocationId)).Select(id => new ServiceAtLocation(Guid.CreateVersion7(), Id, id)));
        Schedules = [.. details.Schedules];
        // No translations in the details (a client or a proposal that does not know them) keeps the ones there are.
        if (details.Translations is { } translations) ApplyTranslations(translations);
        UpdatedAt = at;
        Version++;
    }

    private void ApplyTranslations(IReadOnlyList<ListingTranslation> translations)
    {
        var wanted = translations.Where(t => !t.IsEmpty).ToDictionary(t => t.Language, StringComparer.OrdinalIgnoreCase);
        Translations.RemoveAll(t => !wanted.ContainsKey(t.Language));
        foreach (var (language, text) in wanted)
        {
            // Rows that stay are updated in place (EF updates the row; a new instance would clash on the key).
            if (Translations.FirstOrDefault(t => string.Equals(t.Language, language, StringComparison.OrdinalIgnoreCase)) is { } row) row.Set(text);
            else Translations.Add(new ServiceTranslation(Id, text));
        }
    }

    /// <summary>The translation a reader of <paramref name="languages"/> (best first) should see, or null for English.</summary>
    public ServiceTranslation? TranslationFor(IReadOnlyList<string> languages) => ReaderLanguage.Choose(languages, Translations, t => t.Language);

    /// <summary>
    /// An edit. Unmoderated (a curator) applies everything now. Moderated (provider staff): non-material fields
    /// (contact, URL, languages, getting there, the first visit, who welcomes people) apply now and material ones are held back as a proposal for the curators.
    /// </summary>
    public EditOutcome Edit(ServiceDetails proposed, bool moderated, DateTimeOffset at)
    {
        if (Status is ServiceStatus.Removed or ServiceStatus.Rejected)
            throw new ConflictException($"This listing is {Status.ToString().ToLowerInvariant()} and can no longer be edited.",
                new Dictionary<string, object?> { ["status"] = Status.ToString() });
        proposed = proposed.WithDefaults();
        var current = Details();
        var changed = current.ChangedFields(proposed);
        if (!moderated)
        {
            if (changed.Count > 0) Apply(proposed, at);
            return new EditOutcome(changed, [], null);
        }
        var material = changed.Where(ServiceDetails.IsMaterial).ToList();
        if (material.Count > 0 && Status == ServiceStatus.PendingApproval)
            throw new ConflictException("This listing is waiting for a curator's approval; it can be changed once it is decided.",
                new Dictionary<string, object?> { ["status"] = Status.ToString() });
        var immediate = changed.Except(material).ToList();
        if (immediate.Count > 0) Apply(current.WithNonMaterialFrom(proposed), at);
        return new EditOutcome(immediate, material, material.Count > 0 ? proposed : null);
    }

    /// <summary>
    /// A curator approved a proposed edit: the fields it carries replace the current ones (a provider's proposal
    /// carries its material fields, the rest having applied at once; an import's carries every field it changes).
    /// The proposal's terms are taken as they stand now (<paramref name="terms"/>): a term merged or retired while it
    /// waited is never put back on the listing.
    /// </summary>
    public IReadOnlyList<string> ApplyApprovedEdit(ServiceDetails proposal, IReadOnlyCollection<string> carriedFields, LiveTerms terms,
        DateTimeOffset at)
    {
        EnsureNotClosed();
        var merged = AsApproved(proposal, carriedFields, terms);
        var changed = Details().ChangedFields(merged);
        if (changed.Count > 0) Apply(merged, at);
        return changed;
    }

    /// <summary>The listing as approving the proposal would leave it (what a curator amends before approving).</summary>
    public ServiceDetails AsApproved(ServiceDetails proposal, IReadOnlyCollection<string> carriedFields, LiveTerms terms)
    {
        proposal = proposal.WithDefaults();
        proposal = proposal with { TaxonomyTerms = terms.Current(proposal.TaxonomyTerms) };
        return Details().WithFieldsFrom(proposal, carriedFields);
    }

    /// <summary>A curator approved a new listing: it goes live, and counts as verified now.</summary>
    public void Approve(DateTimeOffset at, string by)
    {
        if (Status != ServiceStatus.PendingApproval)
            throw new ConflictException("Only a listing waiting for approval can be approved.",
                new Dictionary<string, object?> { ["status"] = Status.ToString() });
        Status = ServiceStatus.Active;
        MarkVerified(at, by);
        Changed(at);
    }

    /// <summary>A curator turned down a new listing: it is never published.</summary>
    public void RejectNewListing(DateTimeOffset at)
    {
        if (Status != ServiceStatus.PendingApproval) return;
        Status = ServiceStatus.Rejected;
        Changed(at);
    }

    /// <summary>"Still accurate": the provider or a curator confirms the listing.</summary>
    public void MarkVerified(DateTimeOffset at, string by)
    {
        LastVerifiedAt = at;
        LastVerifiedBy = by;
    }

    public bool IsStale(DateTimeOffset now, TimeSpan verifyEvery) => now - LastVerifiedAt > verifyEvery;

    /// <summary>Due once the listing is within <paramref name="remindBefore"/> of going stale (or already stale).</summary>
    public bool IsDueForConfirmation(DateTimeOffset now, TimeSpan verifyEvery, TimeSpan remindBefore) =>
        now - LastVerifiedAt >= verifyEvery - remindBefore;

    /// <summary>
    /// Whether to prompt the provider now: a published listing that is due, not yet prompted since it was last
    /// verified, or last prompted a whole period ago (so an ignored prompt repeats once per period, not daily).
    /// </summary>
    public bool NeedsVerificationPrompt(DateTimeOffset now, TimeSpan verifyEvery, TimeSpan remindBefore) =>
        IsPublished && IsDueForConfirmation(now, verifyEvery, remindBefore) &&
        (VerificationPromptedAt is not { } prompted || prompted < LastVerifiedAt || now - prompted >= verifyEvery);

    public ListingVerificationDue PromptVerification(DateTimeOffset now, TimeSpan verifyEvery)
    {
        VerificationPromptedAt = now;
        return new ListingVerificationDue(Id, OrganisationId, Name, LastVerifiedAt, LastVerifiedAt + verifyEvery,
            IsStale(now, verifyEvery), now);
    }

    /// <summary>Capacity given with a new listing: part of its first version, not a change.</summary>
    public void SetInitialCapacity(Capacity capacity) => Capacity = capacity;

    /// <summary>True when the capacity actually changed (only then is ServiceCapacityChanged published).</summary>
    public bool ChangeCapacity(Capacity capacity, DateTimeOffset at)
    {
        EnsureNotClosed();
        if (capacity == Capacity) return false;
        Capacity = capacity;
        Changed(at);
        return true;
    }

    /// <summary>
    /// Suspends a live listing: it stays findable, marked suspended with the public note and the alternative (moved
    /// online, a phone line), until <paramref name="until"/> when given. False when it is not active (nothing changes).
    /// </summary>
    public bool Suspend(string publicNote, string? alternative, DateTimeOffset at, DateTimeOffset? until = null, Guid? crisisId = null)
    {
        if (Status != ServiceStatus.Active) return false;
        if (until is { } end && end <= at)
            throw new RuleViolationException("The planned end must be in the future.",
                new Dictionary<string, string[]> { ["until"] = ["The planned end must be in the future."] });
        Status = ServiceStatus.Suspended;
        SuspensionNote = publicNote;
        SuspensionAlternative = string.IsNullOrWhiteSpace(alternative) ? null : alternative.Trim();
        SuspendedAt = at;
        SuspendedUntil = until;
        CrisisId = crisisId;
        Changed(at);
        return true;
    }

    /// <summary>Whether its planned end has come (the automatic reinstatement's test).</summary>
    public bool IsDueForReinstatement(DateTimeOffset now) => Status == ServiceStatus.Suspended && SuspendedUntil is { } until && until <= now;

    public bool Reinstate(DateTimeOffset at)
    {
        if (Status != ServiceStatus.Suspended) return false;
        Status = ServiceStatus.Active;
        SuspensionNote = null;
        SuspensionAlternative = null;
        SuspendedAt = null;
        SuspendedUntil = null;
        CrisisId = null;
        Changed(at);
        return true;
    }

    /// <summary>Takes the listing down for good. True when it was published (consumers must then drop it).</summary>
    public bool Remove(DateTimeOffset at)
    {
        EnsureNotClosed();
        var wasPublished = IsPublished;
        Status = ServiceStatus.Removed;
        Changed(at);
        return wasPublished;
    }

    private void EnsureNotClosed()
    {
        if (Status is ServiceStatus.Removed or ServiceStatus.Rejected)
            throw new ConflictException($"This listing is {Status.ToString().ToLowerInvariant()}.",
                new Dictionary<string, object?> { ["status"] = Status.ToString() });
    }

    private void Changed(DateTimeOffset at)
    {
        UpdatedAt = at;
        Version++;
    }

    public IReadOnlyList<string> Wards(IEnumerable<Location> locations) =>
        [.. locations.Where(l => Locations.Any(sl => sl.LocationId == l.Id) && l.Ward is not null).Select(l => l.Ward!).Distinct()];

    /// <summary>
    /// What it offers, for insight's supply tables: free; accessible (a place it runs at lists an accessibility
    /// feature); in the evening (a session starting at 5pm or later); at the weekend (a session on a Saturday or
    /// Sunday); the spaces it has; when it was last checked.
    /// </summary>
    public ListingSupply Supply(IEnumerable<Location> locations) => new(
        Cost.IsFree,
        locations.Any(l => Locations.Any(sl => sl.LocationId == l.Id) && l.Accessibility.Count > 0),
        Schedules.Any(s => s.OpensAt is { } opens && opens >= EveningFrom),
        Schedules.Any(s => s.Frequency == Frequency.Once
            ? s.Date is { DayOfWeek: DayOfWeek.Saturday or DayOfWeek.Sunday }
            : s.ByDay?.Any(d => d is DayOfWeek.Saturday or DayOfWeek.Sunday) == true),
        Capacity.Spaces, LastVerifiedAt);

    /// <summary>A session starting at or after this time is in the evening.</summary>
    public static readonly TimeOnly EveningFrom = new(17, 0);

    /// <summary>
    /// What the person referred needs to get there, for the messages and letters Feedback sends them: the first place it
    /// runs at (for an activity people go to), how to get there, the cost, where to ask, the first visit, who welcomes.
    /// </summary>
    public ListingEssentials Essentials(IEnumerable<Location> locations) => new(
        AttendingType == AttendingType.InPerson
            ? Locations.Select(sl => locations.FirstOrDefault(l => l.Id == sl.LocationId)).FirstOrDefault(l => l is not null)?.OneLine()
            : null,
        GettingThere, Cost.InWords(), Contact.Phone, Contact.Email, FirstVisit, WelcomedBy);

    public ServiceListed Listed(IReadOnlyCollection<Location> locations, DateTimeOffset at) => new(Id, OrganisationId, Organisation.Name, Name,
        Capacity.AcceptingReferrals, Access.SelfReferral, Access.PractitionerReferral, Wards(locations), at, [.. Terms.Select(t => t.TermCode).Order()],
        Supply(locations), Essentials(locations));

    public ServiceUpdated Updated(IReadOnlyCollection<Location> locations, DateTimeOffset at) => new(Id, OrganisationId, Organisation.Name, Name,
        Capacity.AcceptingReferrals, Access.SelfReferral, Access.PractitionerReferral, Wards(locations), at, [.. Terms.Select(t => t.TermCode).Order()],
        Supply(locations), Essentials(locations));
}

/// <summary>The editable fields of a listing, as requests carry them (flat), so one validator serves every write.</summary>
public interface IListingDetails
{
    string Name { get; }
    string? Summary { get; }
    string? Description { get; }
    string? Url { get; }
    AttendingType AttendingType { get; }
    Eligibility Eligibility { get; }
    Cost Cost { get; }
    AccessMethods Access { get; }
    Contact Contact { get; }
    IReadOnlyList<string> Languages { get; }
    IReadOnlyList<string> TaxonomyTerms { get; }
    IReadOnlyList<Schedule> Schedules { get; }
    IReadOnlyList<Guid> LocationIds { get; }
    string? GettingThere { get; }
    string? FirstVisit { get; }
    string? WelcomedBy { get; }
    /// <summary>The listing's text in other languages; null means "not sent" (the ones there are stay).</summary>
    IReadOnlyList<ListingTranslation>? Translations { get; }
}

/// <summary>Everything a provider can edit about an activity, as one value: proposed edits are stored as this.</summary>
/// <param name="GettingThere">How to get there (bus stops, parking) in the provider's words; practical, so not moderated.</param>
/// <param name="FirstVisit">What to expect at the first visit.</param>
/// <param name="WelcomedBy">Who will welcome a newcomer (a name the group gives).</param>
public sealed record ServiceDetails(
    string Name, string? Summary, string? Description, string? Url, AttendingType AttendingType,
    Eligibility Eligibility, Cost Cost, AccessMethods Access, Contact Contact,
    IReadOnlyList<string> Languages, IReadOnlyList<string> TaxonomyTerms, IReadOnlyList<Schedule> Schedules,
    IReadOnlyList<Guid> LocationIds, string? GettingThere = null, string? FirstVisit = null, string? WelcomedBy = null,
    IReadOnlyList<ListingTranslation>? Translations = null) : IListingDetails
{
    public const int MaxGettingThereLength = Contracts.Directory.ListingLimits.GettingThereLength;
    public const int MaxFirstVisitLength = Contracts.Directory.ListingLimits.FirstVisitLength;
    public const int MaxWelcomedByLength = Contracts.Directory.ListingLimits.WelcomedByLength;

    public static ServiceDetails From(IListingDetails d) => new ServiceDetails(d.Name, d.Summary, d.Description, d.Url, d.AttendingType,
        d.Eligibility, d.Cost, d.Access, d.Contact, d.Languages, d.TaxonomyTerms, d.Schedules, d.LocationIds,
        d.GettingThere, d.FirstVisit, d.WelcomedBy, d.Translations).WithDefaults();

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Fields whose change a curator must approve when provider staff make it (what people choose by). Translations
    /// follow their English fields: translated names, summaries and descriptions (<c>translations</c>) are moderated,
    /// translated directions and first-visit notes (<c>translationsPractical</c>) apply at once.
    /// </summary>
    public static readonly IReadOnlySet<string> MaterialFields = new HashSet<string>
    {
        "name", "summary", "description", "attendingType", "eligibility", "cost", "access", "taxonomyTerms", "schedules", "locationIds",
        "translations",
    };

    public static bool IsMaterial(string field) => MaterialFields.Contains(field);

    /// <summary>Every field, as <see cref="Fields"/> names them.</summary>
    public static readonly IReadOnlySet<string> FieldNames = new HashSet<string>
    {
        "name", "summary", "description", "url", "attendingType", "eligibility", "cost", "access", "contact", "languages",
        "taxonomyTerms", "schedules", "locationIds", "gettingThere", "firstVisit", "welcomedBy", "translations", "translationsPractical",
    };

    /// <summary>
    /// Each field as JSON, so lists and nested records compare by value. Without translations (not sent) their two
    /// fields are left out, so they never count as changed.
    /// </summary>
    public IReadOnlyDictionary<string, string> Fields()
    {
        var fields = CommonFields();
        if (Translations is { } translations)
        {
            fields["translations"] = Ser(ListingTranslation.Material(translations));
            fields["translationsPractical"] = Ser(ListingTranslation.Practical(translations));
        }
        return fields;
    }

    private Dictionary<string, string> CommonFields() => new()
    {
        ["name"] = Ser(Name), ["summary"] = Ser(Summary), ["description"] = Ser(Description), ["url"] = Ser(Url),
        ["attendingType"] = Ser(AttendingType.ToString()), ["eligibility"] = Ser(Eligibility),
        // 3.5 and 3.50 are the same price (databases hand back their own scale).
        ["cost"] = Ser(Cost with { Amount = Cost.Amount / 1.0000000000000000000000000000m }),
        ["access"] = Ser(Access), ["contact"] = Ser(Contact with { MorePhones = Contact.MorePhones ?? [] }), ["languages"] = Ser(Languages.Distinct().Order()),
        ["taxonomyTerms"] = Ser(TaxonomyTerms.Distinct().Order()), ["schedules"] = Ser(Schedules),
        ["locationIds"] = Ser(LocationIds.Distinct().Order()),
        ["gettingThere"] = Ser(GettingThere), ["firstVisit"] = Ser(FirstVisit), ["welcomedBy"] = Ser(WelcomedBy),
    };

    public IReadOnlyList<string> ChangedFields(ServiceDetails other)
    {
        var mine = Fields();
        var theirs = other.Fields();
        return [.. mine.Keys.Where(k => theirs.TryGetValue(k, out var their) && mine[k] != their)];
    }

    /// <summary>
    /// This value with the non-material fields (contact, URL, languages, getting there, the first visit, who welcomes
    /// people) taken from <paramref name="other"/>.
    /// </summary>
    public ServiceDetails WithNonMaterialFrom(ServiceDetails other) => this with
    {
        Url = other.Url, Contact = other.Contact, Languages = other.Languages,
        GettingThere = other.GettingThere, FirstVisit = other.FirstVisit, WelcomedBy = other.WelcomedBy,
        Translations = other.Translations is null ? Translations : ListingTranslation.Merge(Translations ?? [], other.Translations),
    };

    /// <summary>This value with the named fields taken from <paramref name="other"/>.</summary>
    public ServiceDetails WithFieldsFrom(ServiceDetails other, IReadOnlyCollection<string> fields) => this with
    {
        Name = fields.Contains("name") ? other.Name : Name,
        Summary = fields.Contains("summary") ? other.Summary : Summary,
        Description = fields.Contains("description") ? other.Description : Description,
        Url = fields.Contains("url") ? other.Url : Url,
        AttendingType = fields.Contains("attendingType") ? other.AttendingType : AttendingType,
        Eligibility = fields.Contains("eligibility") ? other.Eligibility : Eligibility,
        Cost = fields.Contains("cost") ? other.Cost : Cost,
        Access = fields.Contains("access") ? other.Access : Access,
        Contact = fields.Contains("contact") ? other.Contact : Contact,
        Languages = fields.Contains("languages") ? other.Languages : Languages,
        TaxonomyTerms = fields.Contains("taxonomyTerms") ? other.TaxonomyTerms : TaxonomyTerms,
        Schedules = fields.Contains("schedules") ? other.Schedules : Schedules,
        LocationIds = fields.Contains("locationIds") ? other.LocationIds : LocationIds,
        GettingThere = fields.Contains("gettingThere") ? other.GettingThere : GettingThere,
        FirstVisit = fields.Contains("firstVisit") ? other.FirstVisit : FirstVisit,
        WelcomedBy = fields.Contains("welcomedBy") ? other.WelcomedBy : WelcomedBy,
        Translations = other.Translations is null ? Translations : ListingTranslation.Merge(
            fields.Contains("translations") ? other.Translations : Translations ?? [],
            fields.Contains("translationsPractical") ? other.Translations : Translations ?? []),
    };

    /// <summary>Fills what a JSON body left out with empty values, so the rest of the code never sees nulls.</summary>
    public ServiceDetails WithDefaults() => this with
    {
        Eligibility = Eligibility ?? new Eligibility(null, null, null),
        Cost = Cost ?? Cost.Free,
        Access = Access ?? new AccessMethods(false, false, true),
        Contact = Contact is null ? new Contact(null, null, null, []) : Contact with { MorePhones = Contact.MorePhones ?? [] },
        Languages = Languages ?? [],
        TaxonomyTerms = TaxonomyTerms ?? [],
        Schedules = [.. (Schedules ?? []).Select(s => s with { ByDay = s.ByDay ?? [] })],
        LocationIds = LocationIds ?? [],
        GettingThere = Tidy(GettingThere),
        FirstVisit = Tidy(FirstVisit),
        WelcomedBy = Tidy(WelcomedBy),
        Translations = Translations is null ? null
            : [.. Translations.Where(t => t is not null).Select(t => t.Tidied()).Where(t => !t.IsEmpty).OrderBy(t => t.Language, StringComparer.Ordinal)],
    };

    /// <summary>Free text as kept: trimmed, line breaks as \n (a browser posts \r\n), and blank is "not given".</summary>
    internal static string? Tidy(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.ReplaceLineEndings("\n").Trim();

    private static string Ser<T>(T value) => JsonSerializer.Serialize(value, Json);
}

public sealed record EditOutcome(IReadOnlyList<string> Applied, IReadOnlyList<string> HeldForModeration, ServiceDetails? Proposal);

public sealed record Eligibility(int? MinimumAge, int? MaximumAge, string? Description);

public sealed record Cost(bool IsFree, decimal? Amount, string? Currency, string? Description)
{
    public static readonly Cost Free = new(true, null, "GBP", "Free");

    /// <summary>"Free", "£3.50 (includes tea and cake)", or the provider's own words when they already give a price; null when it does not say.</summary>
    public string? InWords()
    {
        if (IsFree) return "Free";
        var price = Amount is { } pounds and > 0 ? "£" + pounds.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) : null;
        return (price, string.IsNullOrWhiteSpace(Description) ? null : Description.Trim()) switch
        {
            ({ } p, { } words) when !words.Contains('£', StringComparison.Ordinal) => $"{p} ({words})",
            (_, { } words) => words,
            (var p, null) => p,
        };
    }
}

public sealed record AccessMethods(bool DropIn, bool SelfReferral, bool PractitionerReferral);

public sealed record Capacity(ReferralAcceptance AcceptingReferrals, int? Spaces, int? TypicalResponseDays);

/// <param name="Phone">The main number: the one a form edits and most readers show.</param>
/// <param name="MorePhones">
/// Every further number, each with what its publisher or provider said about it. Null in a request means "not sent"
/// (a client that knows only the main number), which an edit reads as "keep the ones there are".
/// </param>
public sealed record Contact(string? Name, string? Email, string? Phone, IReadOnlyList<PhoneNumber>? MorePhones = null)
{
    /// <summary>Every number, the main one first.</summary>
    public IEnumerable<PhoneNumber> AllPhones() => Phone is null ? MorePhones ?? [] : [new PhoneNumber(Phone), .. MorePhones ?? []];
}

/// <summary>
/// A phone number as ORUK (HSDS 3.0) describes one: the number as written, an extension, its kind (voice, text, fax...),
/// what it is for ("Bristol Youth MAPS", "out of hours") and the languages spoken on it.
/// </summary>
public sealed record PhoneNumber(string Number, string? Extension = null, string? Type = null, string? Description = null,
    IReadOnlyList<string>? Languages = null)
{
    public const int MaxNumberLength = 100;
    public const int MaxMorePhones = 20;
}

/// <summary>One listing field the hub checked itself, and when and by whom.</summary>
public sealed record VerifiedFact(string Field, DateTimeOffset At, string By);

public sealed record ServiceTaxonomyTerm(Guid ServiceId, string TermCode);

public sealed record ServiceAtLocation(Guid Id, Guid ServiceId, Guid LocationId);
