using BuildingBlocks.Validation;
using BuildingBlocks.Web;
using DirectoryService.Data;
using DirectoryService.Features.OpenReferral;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace DirectoryService.Features.Imports;

/// <summary>
/// Curators keep the list of publishers' feeds imported on a schedule: add one (POST /api/directory/import/feeds,
/// first run within a minute), change its interval or pause it (PUT .../{id}), or run it now (POST .../{id}/run).
/// </summary>
public static class ScheduleFeed
{
    public sealed record Command(string Url, string? Publisher, int IntervalMinutes) : ICommand<FeedView>;

    public sealed record Change(Guid Id, int IntervalMinutes, bool Enabled) : ICommand<FeedView>;

    public sealed record ChangeBody(int IntervalMinutes, bool Enabled);

    public sealed record RunNow(Guid Id) : ICommand<FeedView>;

    public sealed record FeedView(Guid Id, string Url, string? Publisher, int IntervalMinutes, bool Enabled, DateTimeOffset NextRunAt,
        DateTimeOffset? LastRunAt, string? LastOutcome, string? LastError)
    {
        public static FeedView Of(ScheduledFeed f) => new(f.Id, f.Url, f.Publisher, f.IntervalMinutes, f.Enabled, f.NextRunAt, f.LastRunAt,
            f.LastOutcome, f.LastError);
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Url).NotEmpty().MaximumLength(250).Must(BeHttpUrl).WithMessage("'url' must be an absolute http(s) URL.");
            RuleFor(c => c.Publisher).MaximumLength(200).MustBePlainText();
            RuleFor(c => c.IntervalMinutes).InclusiveBetween(ScheduledFeed.MinIntervalMinutes, ScheduledFeed.MaxIntervalMinutes);
        }

        private static bool BeHttpUrl(string? url) =>
            Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
    }

    public sealed class ChangeValidator : AbstractValidator<Change>
    {
        public ChangeValidator() =>
            RuleFor(c => c.IntervalMinutes).InclusiveBetween(ScheduledFeed.MinIntervalMinutes, ScheduledFeed.MaxIntervalMinutes);
    }

    internal sealed class Handler(DirectoryDb db, TimeProvider clock)
        : ICommandHandler<Command, FeedView>, ICommandHandler<Change, FeedView>, ICommandHandler<RunNow, FeedView>
    {
        public async ValueTask<FeedView> Handle(Command command, CancellationToken cancellationToken)
        {
            if (await db.Set<ScheduledFeed>().AnyAsync(f => f.Url == command.Url, cancellationToken))
                throw new ConflictException("This feed is already scheduled.", new Dictionary<string, object?> { ["url"] = command.Url });
            var feed = new ScheduledFeed(command.Url, string.IsNullOrWhiteSpace(command.Publisher) ? null : command.Publisher.Trim(),
                command.IntervalMinutes, clock.GetUtcNow());
            db.Add(feed);
            await db.SaveChangesAsync(cancellationToken);
            return FeedView.Of(feed);
        }

        public async ValueTask<FeedView> Handle(Change command, CancellationToken cancellationToken)
        {
            var feed = await FindAsync(command.Id, cancellationToken);
            feed.Change(command.IntervalMinutes, command.Enabled, clock.GetUtcNow());
            await db.SaveChangesAsync(cancellationToken);
            return FeedView.Of(feed);
        }

        public async ValueTask<FeedView> Handle(RunNow command, CancellationToken cancellationToken)
        {
            var feed = await FindAsync(command.Id, cancellationToken);
            feed.DueNow(clock.GetUtcNow());
            await db.SaveChangesAsync(cancellationToken);
            return FeedView.Of(feed);
        }

        private async Task<ScheduledFeed> FindAsync(Guid id, CancellationToken cancellationToken) =>
            await db.Set<ScheduledFeed>().SingleOrDefaultAsync(f => f.Id == id, cancellationToken) ?? throw new NotFoundException("Feed", id);
    }

    internal static async Task<IResult> Add(Command command, Sender mediator, CancellationToken cancellationToken)
    {
        var feed = await mediator.Send(command, cancellationToken);
        return Results.Created($"/api/directory/import/feeds/{feed.Id}", feed);
    }

    internal static async Task<IResult> Update(Guid id, ChangeBody body, Sender mediator, CancellationToken cancellationToken) =>
        Results.Ok(await mediator.Send(new Change(id, body.IntervalMinutes, body.Enabled), cancellationToken));

    internal static async Task<IResult> Run(Guid id, Sender mediator, CancellationToken cancellationToken) =>
        Results.Accepted($"/api/directory/import/feeds/{id}", await mediator.Send(new RunNow(id), cancellationToken));
}
