namespace DirectoryService.Search.Gazetteer;

/// <summary>
/// British National Grid eastings/northings (OSGB36, as in Code-Point Open) to WGS84 latitude/longitude: inverse
/// Transverse Mercator on the Airy 1830 ellipsoid, then a 7-parameter Helmert shift (about 5 m accurate, plenty
/// for "near me"). Formulas from Ordnance Survey's "A guide to coordinate systems in Great Britain".
/// </summary>
public static class OsGridConversion
{
    private const double A = 6377563.396, B = 6356256.909, F0 = 0.9996012717;
    private const double Lat0 = 49 * Math.PI / 180, Lon0 = -2 * Math.PI / 180, E0 = 400000, N0 = -100000;

    public static (double Latitude, double Longitude) ToWgs84(double easting, double northing)
    {
        var (lat, lon) = ToOsgb36(easting, northing);
        var (x, y, z) = ToCartesian(lat, lon, A, B);
        // Helmert OSGB36 -> WGS84: Ordnance Survey's published WGS84 -> OSGB36 parameters
        // (tx -446.448, ty +125.157, tz -542.060 m, s +20.4894 ppm, rx -0.1502", ry -0.2470", rz -0.8421"), negated.
        const double tx = 446.448, ty = -125.157, tz = 542.060, s = -20.4894e-6;
        const double sec = Math.PI / (180 * 3600);
        const double rx = 0.1502 * sec, ry = 0.2470 * sec, rz = 0.8421 * sec;
        var x2 = tx + (1 + s) * x - rz * y + ry * z;
        var y2 = ty + rz * x + (1 + s) * y - rx * z;
        var z2 = tz - ry * x + rx * y + (1 + s) * z;
        var (wLat, wLon) = FromCartesian(x2, y2, z2, 6378137.0, 6356752.314245);
        return (wLat * 180 / Math.PI, wLon * 180 / Math.PI);
    }

    private static (double Lat, double Lon) ToOsgb36(double e, double nGrid)
    {
        var e2 = 1 - B * B / (A * A);
        var n = (A - B) / (A + B);
        double lat = Lat0, m = 0;
        do
        {
            lat = (nGrid - N0 - m) / (A * F0) + lat;
            m = Meridional(lat, n);
        } while (Math.Abs(nGrid - N0 - m) >= 0.00001);

        var sin = Math.Sin(lat);
        var nu = A * F0 / Math.Sqrt(1 - e2 * sin * sin);
        var rho = A * F0 * (1 - e2) / Math.Pow(1 - e2 * sin * sin, 1.5);
        var eta2 = nu / rho - 1;
        var tan = Math.Tan(lat);
        var tan2 = tan * tan; var tan4 = tan2 * tan2; var tan6 = tan4 * tan2;
        var secLat = 1 / Math.Cos(lat);
        var vii = tan / (2 * rho * nu);
        var viii = tan / (24 * rho * Math.Pow(nu, 3)) * (5 + 3 * tan2 + eta2 - 9 * tan2 * eta2);
        var ix = tan / (720 * rho * Math.Pow(nu, 5)) * (61 + 90 * tan2 + 45 * tan4);
        var x = secLat / nu;
        var xi = secLat / (6 * Math.Pow(nu, 3)) * (nu / rho + 2 * tan2);
        var xii = secLat / (120 * Math.Pow(nu, 5)) * (5 + 28 * tan2 + 24 * tan4);
        var xiia = secLat / (5040 * Math.Pow(nu, 7)) * (61 + 662 * tan2 + 1320 * tan4 + 720 * tan6);
        var de = e - E0;
        return (lat - vii * de * de + viii * Math.Pow(de, 4) - ix * Math.Pow(de, 6),
                Lon0 + x * de - xi * Math.Pow(de, 3) + xii * Math.Pow(de, 5) - xiia * Math.Pow(de, 7));
    }

    private static double Meridional(double lat, double n)
    {
        double n2 = n * n, n3 = n2 * n, dl = lat - Lat0, sl = lat + Lat0;
        return B * F0 * ((1 + n + 1.25 * n2 + 1.25 * n3) * dl
                         - (3 * n + 3 * n2 + 21.0 / 8 * n3) * Math.Sin(dl) * Math.Cos(sl)
                         + (15.0 / 8 * n2 + 15.0 / 8 * n3) * Math.Sin(2 * dl) * Math.Cos(2 * sl)
                         - 35.0 / 24 * n3 * Math.Sin(3 * dl) * Math.Cos(3 * sl));
    }

    private static (double X, double Y, double Z) ToCartesian(double lat, double lon, double a, double b)
    {
        var e2 = 1 - b * b / (a * a);
        var nu = a / Math.Sqrt(1 - e2 * Math.Sin(lat) * Math.Sin(lat));
        return (nu * Math.Cos(lat) * Math.Cos(lon), nu * Math.Cos(lat) * Math.Sin(lon), (1 - e2) * nu * Math.Sin(lat));
    }

    private static (double Lat, double Lon) FromCartesian(double x, double y, double z, double a, double b)
    {
        var e2 = 1 - b * b / (a * a);
        var p = Math.Sqrt(x * x + y * y);
        var lat = Math.Atan2(z, p * (1 - e2));
        for (var i = 0; i < 10; i++)
        {
            var nu = a / Math.Sqrt(1 - e2 * Math.Sin(lat) * Math.Sin(lat));
            lat = Math.Atan2(z + e2 * nu * Math.Sin(lat), p);
        }
        return (lat, Math.Atan2(y, x));
    }
}
