using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FeedbackService.Domain;

/// <summary>What Feedback knows of a Directory service: enough to name it in a notification and hang feedback on.</summary>
public sealed class Activity
{
    public Guid ServiceId { get; private set; }
    public Guid OrganisationId { get; private set; }
    public string Name { get; private set; } = "";
    public string OrganisationName { get; private set; } = "";
    public DateTimeOffset UpdatedAt { get; private set; }

    private Activity() { }

    public Activity(Guid serviceId) => ServiceId = serviceId;

    public void Rename(Guid organisationId, string organisationName, string name, DateTimeOffset at)
    {
        if (at < UpdatedAt) return;
        OrganisationId = organisationId;
        OrganisationName = organisationName;
        Name = name;
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
    }
}
