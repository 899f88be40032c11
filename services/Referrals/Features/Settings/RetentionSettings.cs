using BuildingBlocks.Auth;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReferralsService.Data;
using ReferralsService.Domain;

namespace ReferralsService.Features.Settings;

/// <summary>
/// Admins read and change how many days after closing a referral loses its personal data. The configured
/// Referrals:AnonymiseClosedAfterDays is the default until an admin sets a period; every change is kept (who, from,
/// to, when) and the newest is the one the retention sweep applies. The page never turns retention off: only the
/// configuration can (0), so an admin cannot keep personal data for ever by one slip.
/// </summary>
public static class RetentionSettings
{
    public sealed record Change(int Days, int PreviousDays, string ChangedBy, DateTimeOffset ChangedAt);

    public sealed record View(int Days, int DefaultDays, bool IsDefault, int MinimumDays, int MaximumDays,
        int SweepIntervalMinutes, IReadOnlyList<Change> Changes);

    public sealed record Query : IQuery<View>;

    public sealed record Body(int? Days);

    public sealed record Command(int? Days) : ICommand<View>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() =>
            RuleFor(c => c.Days).NotNull().WithMessage("Enter the number of days")
                .InclusiveBetween(RetentionPeriodChange.MinimumDays, RetentionPeriodChange.MaximumDays)
                .WithMessage($"The retention period must be between {RetentionPeriodChange.MinimumDays} and {RetentionPeriodChange.MaximumDays} days");
    }

    /// <summary>The period in force: the newest admin change, else the configured default (0 there means off).</summary>
    internal static async Task<int> EffectiveDaysAsync(ReferralsDb db, ReferralsSettings settings, CancellationToken cancellationToken) =>
        await db.RetentionPeriodChanges.OrderByDescending(c => c.Id).Select(c => (int?)c.Days).FirstOrDefaultAsync(cancellationToken)
        ?? settings.AnonymiseClosedAfterDays;

    internal sealed class QueryHandler(ReferralsDb db, IOptions<ReferralsSettings> settings) : IQueryHandler<Query, View>
    {
        public async ValueTask<View> Handle(Query query, CancellationToken cancellationToken) =>
            await ViewAsync(db, settings.Value, cancellationToken);
    }

    internal sealed class CommandHandler(ReferralsDb db, IOptions<ReferralsSettings> settings, CurrentUser admin,
        TimeProvider clock, ILogger<Command> log) : ICommandHandler<Command, View>
    {
        public async ValueTask<View> Handle(Command command, CancellationToken cancellationToken)
        {
            var previous = await EffectiveDaysAsync(db, settings.Value, cancellationToken);
            db.RetentionPeriodChanges.Add(RetentionPeriodChange.Record(previous, command.Days!.Value, admin, clock.GetUtcNow()));
            await db.SaveChangesAsync(cancellationToken);
            // The account id, never the name: logs hold no personal data.
            if (log.IsEnabled(LogLevel.Information))
                log.LogInformation("Retention period changed from {PreviousDays} to {Days} days by account {AdminId}",
                    previous, command.Days, admin.Id);
            return await ViewAsync(db, settings.Value, cancellationToken);
        }
    }

    private static async Task<View> ViewAsync(ReferralsDb db, ReferralsSettings settings, CancellationToken cancellationToken)
    {
        var changes = await db.RetentionPeriodChanges.AsNoTracking().OrderByDescending(c => c.Id).Take(20)
            .Select(c => new Change(c.Days, c.PreviousDays, c.ChangedByName, c.ChangedAt)).ToListAsync(cancellationToken);
        return new View(changes.Count > 0 ? changes[0].Days : settings.AnonymiseClosedAfterDays, settings.AnonymiseClosedAfterDays,
            changes.Count == 0, RetentionPeriodChange.MinimumDays, RetentionPeriodChange.MaximumDays,
            (int)Math.Ceiling(settings.SweepInterval.TotalMinutes), changes);
    }

    internal static async Task<IResult> Get(Sender mediator, CancellationToken cancellationToken) =>
        Results.Ok(await mediator.Send(new Query(), cancellationToken));

    internal static async Task<IResult> Put(Body body, Sender mediator, CancellationToken cancellationToken) =>
        Results.Ok(await mediator.Send(new Command(body.Days), cancellationToken));
}
