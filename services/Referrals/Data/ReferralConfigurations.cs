using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReferralsService.Domain;

namespace ReferralsService.Data;

internal sealed class ReferralConfiguration : IEntityTypeConfiguration<Referral>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public void Configure(EntityTypeBuilder<Referral> referral)
    {
        referral.ToTable("referrals");
        referral.HasKey(r => r.Id);
        referral.Property(r => r.Id).ValueGeneratedNever();
        referral.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
        referral.Property(r => r.ServiceName).HasMaxLength(200);
        referral.Property(r => r.ReferrerId).HasMaxLength(200);
        referral.Property(r => r.ReferrerName).HasMaxLength(200);
        referral.Property(r => r.ReferrerRole).HasMaxLength(20);
        referral.Property(r => r.ReferrerTeam).HasMaxLength(200);
        referral.Property(r => r.Reason).HasMaxLength(4000);
        referral.Property(r => r.NameKey).HasMaxLength(500);
        referral.Property(r => r.Version).IsConcurrencyToken();

        referral.OwnsOne(r => r.Person, person =>
        {
            person.Property(p => p.GivenName).HasMaxLength(100);
            person.Property(p => p.FamilyName).HasMaxLength(100);
            person.Property(p => p.NhsNumber).HasMaxLength(10);
            person.Property(p => p.Email).HasMaxLength(254);
            person.Property(p => p.Phone).HasMaxLength(30);
            person.Property(p => p.Notes).HasMaxLength(4000);
            // Read and written whole with the person (records: compared by value).
            person.Property(p => p.ContactRoute).HasConversion(
                route => route == null ? null : JsonSerializer.Serialize(route, Json),
                json => json == null ? null : JsonSerializer.Deserialize<ContactRoute>(json, Json));
            person.Property(p => p.SupportNeeds).HasConversion(
                needs => needs == null ? null : JsonSerializer.Serialize(needs, Json),
                json => json == null ? null : JsonSerializer.Deserialize<SupportNeeds>(json, Json));
            person.HasIndex(p => p.NhsNumber);
        });
        referral.Navigation(r => r.Person).IsRequired();

        referral.OwnsOne(r => r.Consent, consent =>
        {
            consent.ToTable("referral_consents");
            consent.WithOwner().HasForeignKey("ReferralId");
            consent.Property(c => c.GivenBy).HasConversion<string>().HasMaxLength(20);
            consent.Property(c => c.Method).HasConversion<string>().HasMaxLength(20);
            consent.Property(c => c.RecordedBy).HasMaxLength(200);
        });

        referral.OwnsMany(r => r.Timeline, transition =>
        {
            transition.ToTable("referral_transitions");
            transition.WithOwner().HasForeignKey("ReferralId");
            transition.HasKey(t => t.Id);
            transition.Property(t => t.Id).ValueGeneratedNever();
            transition.Property(t => t.From).HasConversion<string>().HasMaxLength(20);
            transition.Property(t => t.To).HasConversion<string>().HasMaxLength(20);
            transition.Property(t => t.ByRole).HasConversion<string>().HasMaxLength(20);
            transition.Property(t => t.By).HasMaxLength(200);
            transition.Property(t => t.Reason).HasMaxLength(2000);
            transition.Property(t => t.Note).HasMaxLength(4000);
        });
        referral.Navigation(r => r.Timeline).HasField("_timeline").UsePropertyAccessMode(PropertyAccessMode.Field);

        referral.HasIndex(r => new { r.ServiceId, r.NameKey });
        referral.HasIndex(r => new { r.ProviderOrganisationId, r.Status });
        referral.HasIndex(r => r.ReferrerId);
        referral.HasIndex(r => r.ReferrerTeam);
        referral.HasIndex(r => new { r.Status, r.ResponseDueAt });
        referral.HasIndex(r => new { r.ClosedAt, r.AnonymisedAt });
    }
}

internal sealed class ReferralMessageConfiguration : IEntityTypeConfiguration<ReferralMessage>
{
    public void Configure(EntityTypeBuilder<ReferralMessage> message)
    {
        message.ToTable("referral_messages");
        message.HasKey(m => m.Id);
        message.Property(m => m.Id).ValueGeneratedNever();
        message.Property(m => m.AuthorId).HasMaxLength(200);
        message.Property(m => m.AuthorName).HasMaxLength(200);
        message.Property(m => m.FromRole).HasConversion<string>().HasMaxLength(20);
        message.Property(m => m.Text).HasMaxLength(4000);
        message.HasOne<Referral>().WithMany().HasForeignKey(m => m.ReferralId);
        message.HasIndex(m => new { m.ReferralId, m.At });
    }
}

internal sealed class RetentionPeriodChangeConfiguration : IEntityTypeConfiguration<RetentionPeriodChange>
{
    public void Configure(EntityTypeBuilder<RetentionPeriodChange> change)
    {
        change.ToTable("retention_period_changes");
        change.HasKey(c => c.Id);
        change.Property(c => c.ChangedById).HasMaxLength(200);
        change.Property(c => c.ChangedByName).HasMaxLength(200);
    }
}
