using System.Text.Json;
using Contracts.Directory;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FeedbackService.Domain;

/// <summary>
/// What Feedback knows of a Directory service: enough to name it in a notification and hang feedback on, and what a
/// person referred to it needs to get there (<see cref="ListingEssentials"/>), for the messages and letters to them.
/// </summary>
public sealed class Activity
{
    public Guid ServiceId { get; private set; }
    public Guid OrganisationId { get; private set; }
    public string Name { get; private set; } = "";
    public string OrganisationName { get; private set; } = "";
    public DateTimeOffset UpdatedAt { get; private set; }
    /// <summary>Null until a listing event that carries them arrives (an older Directory sends none).</summary>
    public ListingEssentials? Essentials { get; private set; }

    private Activity() { }

    public Activity(Guid serviceId) => ServiceId = serviceId;

    /// <summary>The listing as its newest event describes it; an older event arriving late changes nothing.</summary>
    public void Describe(Guid organisationId, string organisationName, string name, ListingEssentials? essentials, DateTimeOffset at)
    {
        if (at < UpdatedAt) return;
        OrganisationId = organisationId;
        OrganisationName = organisationName;
        Name = name;
        Essentials = essentials;
        UpdatedAt = at;
    }
}

internal sealed class ActivityConfiguration : IEntityTypeConfiguration<Activity>
{
    public void Configure(EntityTypeBuilder<Activity> activity)
    {
        activity.HasKey(a => a.ServiceId);
        activity.Property(a => a.ServiceId).ValueGeneratedNever();
        activity.Property(a => a.Name).HasMaxLength(200);
        activity.Property(a => a.OrganisationName).HasMaxLength(200);
        // One JSON text column: read and written whole, never queried by its parts.
        activity.Property(a => a.Essentials).HasConversion(
            essentials => JsonSerializer.Serialize(essentials, JsonSerializerOptions.Web),
            json => JsonSerializer.Deserialize<ListingEssentials>(json, JsonSerializerOptions.Web));
    }
}
