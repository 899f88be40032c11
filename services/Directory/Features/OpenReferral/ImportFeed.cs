using BuildingBlocks.Validation;
using System.Text.Json;
using DirectoryService.Features.Services;
using FluentValidation;
using Mediator;

namespace DirectoryService.Features.OpenReferral;

/// <summary>
/// POST /api/directory/import (curators): import an ORUK 3.0 feed from a URL (all pages of /services) or from JSON
/// posted inline (a page of services, one service, or an array), and report what happened to each record. Posted
/// JSON names its publisher: listings are matched, and withdrawn, per publisher, so two unrelated files must never
/// share one. Each import is kept as a run with its report.
/// </summary>
public static class ImportFeed
{
    public sealed record Command(string? Url, JsonElement? Json, string? Publisher) : ICommand<ImportReport>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c).Must(c => (c.Url is null) != (c.Json is null or { ValueKind: JsonValueKind.Undefined or JsonValueKind.Null }))
                .WithMessage("Give either 'url' or 'json', not both.").OverridePropertyName("url");
            RuleFor(c => c.Url).Must(BeHttpUrl).When(c => c.Url is not null).WithMessage("'url' must be an absolute http(s) URL.");
            // The feed's address names its publisher in the imported records (300 characters at most).
            RuleFor(c => c.Url).MaximumLength(250);
            RuleFor(c => c.Publisher).MaximumLength(200).MustBePlainText();
            RuleFor(c => c.Publisher).NotEmpty().When(c => c.Json is { ValueKind: not (JsonValueKind.Undefined or JsonValueKind.Null) })
                .WithMessage("Name the publisher of posted JSON (e.g. the council or directory it came from): its listings are kept apart from other publishers'.");
        }

        private static bool BeHttpUrl(string? url) =>
            Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
    }

    internal sealed class Handler(IHttpClientFactory httpClients, ImportRecorder recorder) : ICommandHandler<Command, ImportReport>
    {
        public async ValueTask<ImportReport> Handle(Command command, CancellationToken cancellationToken) =>
            await recorder.RunAsync(null, command.Url ?? $"posted JSON ({command.Publisher})",
                () => ReadAsync(command.Url, command.Json, command.Publisher, httpClients, cancellationToken), cancellationToken);
    }

    public static async Task<OrukFeed> ReadAsync(string? url, JsonElement? json, string? publisher, IHttpClientFactory httpClients,
        CancellationToken cancellationToken)
    {
        if (url is not null)
        {
            using var http = httpClients.CreateClient(OrukEndpoints.ImportClient);
            var feed = await OrukFeed.FromUrlAsync(http, new Uri(url), cancellationToken);
            return publisher is null ? feed : feed with { Publisher = publisher };
        }
        return OrukFeed.FromJson(json!.Value, publisher ?? throw new InvalidOperationException("Posted JSON needs its publisher."));
    }

    /// <summary>Who proposed an imported listing, as the moderation queue shows it.</summary>
    public static string ImportedBy(string publisher) => $"import:{publisher}" is var by && by.Length > 200 ? by[..200] : $"import:{publisher}";

    internal static async Task<IResult> Endpoint(Command command, Sender mediator, CancellationToken cancellationToken) =>
        Results.Ok(await mediator.Send(command, cancellationToken));
}
