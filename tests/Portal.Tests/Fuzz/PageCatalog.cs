using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace Portal.Tests.Fuzz;

/// <summary>One handler of a page: "GET", "GET Pdf", "POST Approve".</summary>
public sealed record PageHandler(string Method, string? Name)
{
    public string Key => Name is null ? Method : $"{Method} {Name}";
    public override string ToString() => Key;
}

/// <summary>
/// A page the portal serves, as its running app describes it: the route, its handlers, and the names a request can
/// bind (handler parameters and bound properties, complex ones one level deep: "Form.Name").
/// </summary>
public sealed partial record PortalRoute(string Template, IReadOnlyList<RoutePatternParameterPart> RouteParameters,
    IReadOnlyList<PageHandler> Handlers, IReadOnlyList<string> BindingNames)
{
    /// <summary>Route values other than the optional handler segment, which every page with one must be given.</summary>
    public IEnumerable<RoutePatternParameterPart> RequiredValues => RouteParameters.Where(p => p.Name != "handler");
    public bool HasHandlerSegment => RouteParameters.Any(p => p.Name == "handler");

    /// <summary>The path with these route values (and a handler segment when the route has one and a name is given).</summary>
    public string Fill(IReadOnlyDictionary<string, string> values, string? handler = null)
    {
        var path = HandlerSegment().Replace(Template, handler is null || !HasHandlerSegment ? "" : "/" + handler);
        return Parameter().Replace(path, m => values[m.Groups["name"].Value]);
    }

    /// <summary>The route values of a path this page serves, or null when it is not one of this page's paths.</summary>
    public Dictionary<string, string>? Match(string path)
    {
        path = path.TrimStart('/');
        var pattern = "^" + Parameter().Replace(Regex.Escape(HandlerSegment().Replace(Template.TrimStart('/'), "")).Replace(@"\{", "{"),
            m => m.Groups["constraint"].Value == ":guid" ? $"(?<{m.Groups["name"].Value}>[0-9a-fA-F]{{8}}(?:-[0-9a-fA-F]{{4}}){{3}}-[0-9a-fA-F]{{12}})"
                : $"(?<{m.Groups["name"].Value}>[^/?#]+)") + "(?:/[^/?#]*)?$";
        var match = Regex.Match(path, pattern);
        return match.Success ? RequiredValues.ToDictionary(p => p.Name, p => match.Groups[p.Name].Value) : null;
    }

    [GeneratedRegex(@"/\{handler\?\}")]
    private static partial Regex HandlerSegment();

    [GeneratedRegex(@"\{(?<name>\w+)(?<constraint>:\w+)?\??\}")]
    private static partial Regex Parameter();
}

/// <summary>
/// Every Razor page the running portal serves, read from its EndpointDataSource, each loaded through the app's own
/// PageLoader for its handler methods: a new page or handler shows up here without anybody listing it.
/// </summary>
public static class PageCatalog
{
    public static async Task<IReadOnlyList<PortalRoute>> OfAsync(IServiceProvider services)
    {
        var loader = services.GetRequiredService<PageLoader>();
        var pages = new List<PortalRoute>();
        foreach (var endpoint in services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is not { } page) continue;
            var compiled = page as CompiledPageActionDescriptor ?? await loader.LoadAsync(page, endpoint.Metadata);
            var handlers = compiled.HandlerMethods.Select(h => new PageHandler(h.HttpMethod.ToUpperInvariant(), NameOf(h.Name))).ToList();
            // A page without OnGet still answers GET with its view.
            if (!handlers.Any(h => h is { Method: "GET", Name: null })) handlers.Insert(0, new PageHandler("GET", null));
            var names = compiled.HandlerMethods.SelectMany(h => h.Parameters.Select(p => (p.Name, p.ParameterType)))
                .Concat(compiled.BoundProperties.Select(p => (p.Name, p.ParameterType)))
                .SelectMany(p => Expand(p.Name, p.ParameterType))
                .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            pages.Add(new PortalRoute(endpoint.RoutePattern.RawText!, endpoint.RoutePattern.Parameters,
                handlers.Distinct().ToList(), names));
        }
        return pages.OrderBy(p => p.Template, StringComparer.Ordinal).ToList();
    }

    private static string? NameOf(string? handler) => string.IsNullOrEmpty(handler) ? null : handler;

    private static IEnumerable<string> Expand(string name, Type type)
    {
        if (type == typeof(CancellationToken)) yield break;
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (IsSimple(t) || (t.IsArray && IsSimple(t.GetElementType()!)) || typeof(System.Collections.IEnumerable).IsAssignableFrom(t))
        {
            yield return name;
            yield break;
        }
        foreach (var property in t.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite || IsInitOnly(p)))
            yield return $"{name}.{property.Name}";
    }

    private static bool IsInitOnly(PropertyInfo property) =>
        property.SetMethod?.ReturnParameter.GetRequiredCustomModifiers().Any(m => m.Name == "IsExternalInit") == true;

    private static bool IsSimple(Type t) =>
        t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(Guid) || t == typeof(decimal) || t == typeof(DateOnly)
        || t == typeof(TimeOnly) || t == typeof(DateTime) || t == typeof(DateTimeOffset) || t == typeof(IFormFile);
}
