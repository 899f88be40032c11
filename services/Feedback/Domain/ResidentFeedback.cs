using BuildingBlocks.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FeedbackService.Domain;

public static class ModerationStatus
{
    public const string Pending = "pending";
    public const string Approved = "approved";
    public const string Rejected = "rejected";
}

/// <summary>A resident's rating and comment on an activity; shown on the listing only after a curator approves it.</summary>
public sealed class ResidentFeedback
{
    public Guid Id { get; private set; }
    public Guid ServiceId { get; private set; }
    public int Rating { get; private set; }
    public string Comment { get; private set; } = "";
    public string Status { get; private set; } = ModerationStatus.Pending;
    public DateTimeOffset SubmittedAt { get; private set; }
    public string? ModeratedBy { get; private set; }
    public DateTimeOffset? ModeratedAt { get; private set; }
    public string? ModerationReason { get; private set; }
    /// <summary>The listing's organisation's one public reply, shown under the feedback.</summary>
    public string? Reply { get; private set; }
    /// <summary>Who replied, as a listing's history names people ("Name (role)").</summary>
    public string? RepliedBy { get; private set; }
    public DateTimeOffset? RepliedAt { get; private set; }

    private ResidentFeedback() { }

    public ResidentFeedback(Guid serviceId, int rating, string comment, DateTimeOffset at)
    {
        Id = Guid.CreateVersion7();
        ServiceId = serviceId;
        Rating = rating;
        Comment = comment.Trim();
        SubmittedAt = at;
    }

    public void Approve(string by, DateTimeOffset at) => Moderate(ModerationStatus.Approved, by, null, at);

    public void Reject(string by, string? reason, DateTimeOffset at) => Moderate(ModerationStatus.Rejected, by, reason, at);

    public bool IsPublished => Status == ModerationStatus.Approved;

    /// <summary>The listing's organisation answers published feedback, once: a second reply is a 409.</summary>
    public void AddReply(string text, string by, DateTimeOffset at)
    {
        if (!IsPublished) throw new ConflictException("Only published feedback can be replied to.",
            new Dictionary<string, object?> { ["currentStatus"] = Status });
        if (Reply is not null)
            throw new ConflictException("This feedback already has the organisation's reply; a reply cannot be changed or added to.",
                new Dictionary<string, object?> { ["repliedAt"] = RepliedAt });
        Reply = text.Trim();
        RepliedBy = by;
        RepliedAt = at;
    }

    private void Moderate(string status, string by, string? reason, DateTimeOffset at)
    {
        if (Status != ModerationStatus.Pending)
            throw new ConflictException($"This feedback has already been {Status}.",
                new Dictionary<string, object?> { ["currentStatus"] = Status });
        Status = status;
        ModeratedBy = by;
        ModerationReason = reason;
        ModeratedAt = at;
    }
}

internal sealed class ResidentFeedbackConfiguration : IEntityTypeConfiguration<ResidentFeedback>
{
    public void Configure(EntityTypeBuilder<ResidentFeedback> feedback)
    {
        feedback.ToTable("resident_feedback");
        feedback.HasKey(f => f.Id);
        feedback.Property(f => f.Id).ValueGeneratedNever();
        feedback.Property(f => f.Comment).HasMaxLength(2000);
        feedback.Property(f => f.Status).HasMaxLength(20);
        feedback.Property(f => f.ModeratedBy).HasMaxLength(200);
        feedback.Property(f => f.ModerationReason).HasMaxLength(500);
        feedback.Property(f => f.Reply).HasMaxLength(1000);
        feedback.Property(f => f.RepliedBy).HasMaxLength(200);
        feedback.HasIndex(f => new { f.ServiceId, f.Status });
        feedback.HasIndex(f => new { f.Status, f.SubmittedAt });
    }
}
