using System.Text.Json;
using DirectoryService.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DirectoryService.Data;

internal sealed class OrganisationConfiguration : IEntityTypeConfiguration<Organisation>
{
    public void Configure(EntityTypeBuilder<Organisation> organisation)
    {
        organisation.Property(o => o.Id).ValueGeneratedNever();
        organisation.Property(o => o.Name).HasMaxLength(200);
        organisation.Property(o => o.Description).HasMaxLength(4000);
        organisation.Property(o => o.Email).HasMaxLength(254);
        organisation.Property(o => o.Website).HasMaxLength(500);
        organisation.Property(o => o.Phone).HasMaxLength(40);
        organisation.HasIndex(o => o.IsPlaceholder);
        organisation.HasIndex(o => o.Name);
    }
}

internal sealed class ServiceConfiguration : IEntityTypeConfiguration<Service>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public void Configure(EntityTypeBuilder<Service> service)
    {
        service.Property(s => s.Id).ValueGeneratedNever();
        service.Property(s => s.Name).HasMaxLength(200);
        service.Property(s => s.Summary).HasMaxLength(300);
        service.Property(s => s.Description).HasMaxLength(4000);
        service.Property(s => s.Url).HasMaxLength(500);
        service.Property(s => s.Status).HasConversion<string>().HasMaxLength(20);
        service.Property(s => s.AttendingType).HasConversion<string>().HasMaxLength(20);
        service.Property(s => s.SuspensionNote).HasMaxLength(1000);
        service.Property(s => s.SuspensionAlternative).HasMaxLength(1000);
        service.Property(s => s.LastVerifiedBy).HasMaxLength(200);
        service.Property(s => s.Version).IsConcurrencyToken();
        service.Property(s => s.StatusBeforeWithdrawal).HasConversion<string>().HasMaxLength(20);
        service.Property(s => s.ImportedFrom).HasMaxLength(300);
        service.Property(s => s.GettingThere).HasMaxLength(ServiceDetails.MaxGettingThereLength);
        service.Property(s => s.FirstVisit).HasMaxLength(ServiceDetails.MaxFirstVisitLength);
        service.Property(s => s.WelcomedBy).HasMaxLength(ServiceDetails.MaxWelcomedByLength);
        service.Property(s => s.VerifiedFacts).HasConversion(
            facts => JsonSerializer.Serialize(facts, Json),
            json => JsonSerializer.Deserialize<List<VerifiedFact>>(json, Json) ?? new List<VerifiedFact>(),
            new ValueComparer<List<VerifiedFact>>((a, b) => a!.SequenceEqual(b!), list => list.Count, list => list.ToList()));
        service.HasOne(s => s.Organisation).WithMany().HasForeignKey(s => s.OrganisationId);
        service.HasIndex(s => new { s.Status, s.LastVerifiedAt });
        service.HasIndex(s => s.OrganisationId);
        service.HasIndex(s => new { s.Status, s.SuspendedUntil });
        service.HasIndex(s => s.CrisisId);

        service.ComplexProperty(s => s.Eligibility, e => e.Property(x => x.Description).HasMaxLength(1000));
        service.ComplexProperty(s => s.Cost, c =>
        {
            c.Property(x => x.Amount).HasPrecision(10, 2);
            c.Property(x => x.Currency).HasMaxLength(3);
            c.Property(x => x.Description).HasMaxLength(500);
        });
        service.ComplexProperty(s => s.Access);
        service.ComplexProperty(s => s.Capacity, c => c.Property(x => x.AcceptingReferrals).HasConversion<string>().HasMaxLength(20));
        service.ComplexProperty(s => s.Contact, c =>
        {
            c.Property(x => x.Name).HasMaxLength(200);
            c.Property(x => x.Email).HasMaxLength(254);
            c.Property(x => x.Phone).HasMaxLength(40);
            // Further numbers are read and written whole with the listing.
            c.Property(x => x.MorePhones).HasConversion(
                phones => JsonSerializer.Serialize(phones ?? Array.Empty<PhoneNumber>(), Json),
                json => JsonSerializer.Deserialize<List<PhoneNumber>>(json, Json) ?? new List<PhoneNumber>(),
                new ValueComparer<IReadOnlyList<PhoneNumber>?>(
                    (a, b) => JsonSerializer.Serialize(a, Json) == JsonSerializer.Serialize(b, Json),
                    list => list == null ? 0 : list.Count,
                    list => list == null ? null : list.ToList()));
        });

        // Schedules are read and written whole with their listing; search keeps its own day/time index.
        service.Property(s => s.Schedules).HasConversion(
            schedules => JsonSerializer.Serialize(schedules, Json),
            json => JsonSerializer.Deserialize<List<Schedule>>(json, Json) ?? new List<Schedule>(),
            new ValueComparer<List<Schedule>>(
                (a, b) => a!.SequenceEqual(b!, ScheduleComparer.Instance),
                list => list.Aggregate(0, (hash, s) => HashCode.Combine(hash, s.Frequency, s.OpensAt)),
                list => list.ToList()));

        service.HasMany(s => s.Terms).WithOne().HasForeignKey(t => t.ServiceId).OnDelete(DeleteBehavior.Cascade);
        service.HasMany(s => s.Locations).WithOne().HasForeignKey(l => l.ServiceId).OnDelete(DeleteBehavior.Cascade);
        service.Navigation(s => s.Terms).AutoInclude();
        service.Navigation(s => s.Locations).AutoInclude();
        service.HasMany(s => s.Translations).WithOne().HasForeignKey(t => t.ServiceId).OnDelete(DeleteBehavior.Cascade);
        service.Navigation(s => s.Translations).AutoInclude();
    }

    private sealed class ScheduleComparer : IEqualityComparer<Schedule>
    {
        public static readonly ScheduleComparer Instance = new();
        public bool Equals(Schedule? a, Schedule? b) =>
            JsonSerializer.Serialize(a, Json) == JsonSerializer.Serialize(b, Json);
        public int GetHashCode(Schedule s) => HashCode.Combine(s.Frequency, s.OpensAt, s.ClosesAt);
    }
}

/// <summary>service_translations: one row per listing and language (the key), each field as long as its English one.</summary>
internal sealed class ServiceTranslationConfiguration : IEntityTypeConfiguration<ServiceTranslation>
{
    public void Configure(EntityTypeBuilder<ServiceTranslation> translation)
    {
        translation.ToTable("service_translations");
        translation.HasKey(t => new { t.ServiceId, t.Language });
        translation.Property(t => t.Language).HasMaxLength(20);
        translation.Property(t => t.Name).HasMaxLength(200);
        translation.Property(t => t.Summary).HasMaxLength(300);
        translation.Property(t => t.Description).HasMaxLength(4000);
        translation.Property(t => t.GettingThere).HasMaxLength(ServiceDetails.MaxGettingThereLength);
        translation.Property(t => t.FirstVisit).HasMaxLength(ServiceDetails.MaxFirstVisitLength);
    }
}

internal sealed class ServiceTaxonomyTermConfiguration : IEntityTypeConfiguration<ServiceTaxonomyTerm>
{
    public void Configure(EntityTypeBuilder<ServiceTaxonomyTerm> term)
    {
        term.HasKey(t => new { t.ServiceId, t.TermCode });
        term.Property(t => t.TermCode).HasMaxLength(100);
        term.HasIndex(t => t.TermCode);
    }
}

internal sealed class ServiceAtLocationConfiguration : IEntityTypeConfiguration<ServiceAtLocation>
{
    public void Configure(EntityTypeBuilder<ServiceAtLocation> link)
    {
        link.Property(l => l.Id).ValueGeneratedNever();
        link.HasIndex(l => new { l.ServiceId, l.LocationId }).IsUnique();
        link.HasOne<Location>().WithMany().HasForeignKey(l => l.LocationId);
    }
}

internal sealed class LocationConfiguration : IEntityTypeConfiguration<Location>
{
    public void Configure(EntityTypeBuilder<Location> location)
    {
        location.Property(l => l.Id).ValueGeneratedNever();
        location.Property(l => l.Name).HasMaxLength(200);
        location.Property(l => l.Address1).HasMaxLength(200);
        location.Property(l => l.City).HasMaxLength(100);
        location.Property(l => l.Postcode).HasMaxLength(10);
        location.Property(l => l.Ward).HasMaxLength(100);
        location.HasIndex(l => l.Ward);
    }
}

internal sealed class TaxonomyConfiguration : IEntityTypeConfiguration<Taxonomy>
{
    public void Configure(EntityTypeBuilder<Taxonomy> taxonomy)
    {
        taxonomy.Property(t => t.Id).ValueGeneratedNever();
        taxonomy.Property(t => t.Name).HasMaxLength(200);
        taxonomy.Property(t => t.Description).HasMaxLength(1000);
    }
}

internal sealed class TaxonomyTermConfiguration : IEntityTypeConfiguration<TaxonomyTerm>
{
    public void Configure(EntityTypeBuilder<TaxonomyTerm> term)
    {
        term.Property(t => t.Id).ValueGeneratedNever();
        term.Property(t => t.Code).HasMaxLength(100);
        term.Property(t => t.Name).HasMaxLength(200);
        term.Property(t => t.Description).HasMaxLength(1000);
        term.HasIndex(t => t.Code).IsUnique();
        term.Property(t => t.AlsoKnownAs).HasMaxLength(1000);
        term.HasOne<Taxonomy>().WithMany().HasForeignKey(t => t.TaxonomyId);
    }
}

internal sealed class PostcodeConfiguration : IEntityTypeConfiguration<Postcode>
{
    public void Configure(EntityTypeBuilder<Postcode> postcode)
    {
        postcode.HasKey(p => p.Code);
        postcode.Property(p => p.Code).HasMaxLength(8);
        postcode.Property(p => p.Display).HasMaxLength(9);
        postcode.Property(p => p.Outcode).HasMaxLength(4);
        postcode.Property(p => p.WardCode).HasMaxLength(12);
        postcode.Property(p => p.WardName).HasMaxLength(100);
        postcode.HasIndex(p => p.Outcode);
    }
}

internal sealed class ListingChangeConfiguration : IEntityTypeConfiguration<ListingChange>
{
    public void Configure(EntityTypeBuilder<ListingChange> change)
    {
        change.Property(c => c.Id).ValueGeneratedNever();
        change.Property(c => c.Kind).HasConversion<string>().HasMaxLength(20);
        change.Property(c => c.Decision).HasConversion<string>().HasMaxLength(20);
        change.Property(c => c.ProposedBy).HasMaxLength(200);
        change.Property(c => c.DecidedBy).HasMaxLength(200);
        change.Property(c => c.DecisionNote).HasMaxLength(1000);
        change.Property(c => c.PublisherTermIds).HasConversion(
            ids => ids == null ? null : JsonSerializer.Serialize(ids, (JsonSerializerOptions?)null),
            json => json == null ? null : JsonSerializer.Deserialize<List<Guid>>(json, (JsonSerializerOptions?)null),
            new ValueComparer<List<Guid>?>((a, b) => a == null ? b == null : b != null && a.SequenceEqual(b),
                list => list == null ? 0 : list.Count, list => list == null ? null : list.ToList()));
        change.Property(c => c.CarriedFields).HasConversion(
            fields => fields == null ? null : JsonSerializer.Serialize(fields, (JsonSerializerOptions?)null),
            json => json == null ? null : JsonSerializer.Deserialize<List<string>>(json, (JsonSerializerOptions?)null),
            new ValueComparer<List<string>?>((a, b) => a == null ? b == null : b != null && a.SequenceEqual(b),
                list => list == null ? 0 : list.Count, list => list == null ? null : list.ToList()));
        change.HasIndex(c => new { c.Decision, c.ProposedAt });
        change.HasIndex(c => c.ServiceId);
    }
}

internal sealed class ServiceVersionConfiguration : IEntityTypeConfiguration<ServiceVersion>
{
    public void Configure(EntityTypeBuilder<ServiceVersion> version)
    {
        version.Property(v => v.Id).ValueGeneratedNever();
        version.Property(v => v.ChangedBy).HasMaxLength(200);
        version.Property(v => v.Summary).HasMaxLength(500);
        version.HasIndex(v => new { v.ServiceId, v.Version }).IsUnique();
    }
}

internal sealed class CrisisConfiguration : IEntityTypeConfiguration<Crisis>
{
    public void Configure(EntityTypeBuilder<Crisis> crisis)
    {
        crisis.Property(c => c.Id).ValueGeneratedNever();
        crisis.Property(c => c.Scope).HasMaxLength(500);
        crisis.Property(c => c.PublicNote).HasMaxLength(1000);
        crisis.Property(c => c.Alternative).HasMaxLength(1000);
        crisis.Property(c => c.StartedBy).HasMaxLength(200);
        crisis.Property(c => c.EndedBy).HasMaxLength(200);
        crisis.HasIndex(c => new { c.EndedAt, c.PlannedEnd });
    }
}

internal sealed class VocabularyRuleConfiguration : IEntityTypeConfiguration<VocabularyRule>
{
    public void Configure(EntityTypeBuilder<VocabularyRule> rule)
    {
        rule.ToTable("vocabulary_rules");
        rule.Property(r => r.Id).ValueGeneratedNever();
        rule.Property(r => r.Kind).HasMaxLength(20);
        // Each side: at most MaxPhrases phrases of MaxPhraseLength, joined by ", ".
        rule.Property(r => r.Typed).HasMaxLength(1500);
        rule.Property(r => r.AlsoFinds).HasMaxLength(1500);
        rule.Property(r => r.Note).HasMaxLength(VocabularyRule.MaxNoteLength);
        rule.Property(r => r.ChangedBy).HasMaxLength(200);
        rule.Ignore(r => r.TypedPhrases);
        rule.Ignore(r => r.AlsoFindsPhrases);
        rule.Ignore(r => r.SaysMeaning);
    }
}
