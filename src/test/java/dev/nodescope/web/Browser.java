package dev.nodescope.web;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium, headless, driven by Selenium through Debian's chromedriver (no driver is
 * downloaded). Screenshots go to target/web-screenshots/ as test artefacts.
 */
public final class Browser implements AutoCloseable {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    public static final Path SCREENSHOTS = Path.of("target", "web-screenshots");

    private final ChromeDriver driver;

    private Browser(ChromeDriver driver) {
        this.driver = driver;
    }

    /** Skips where Chromium or its driver is missing, with the reason; under CI=true (which installs them) fails instead. */
    public static void require() {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            String why = "chromium and chromium-driver are needed to check the dashboard in a browser (scripts/setup.sh installs them)";
            if ("true".equals(System.getenv("CI"))) {
                fail(why + ", and are missing under CI=true");
            }
            assumeTrue(false, why);
        }
    }

    public static Browser open() {
        require();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.setCapability("goog:loggingPrefs", java.util.Map.of("browser", "ALL"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,1000");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
        return new Browser(new ChromeDriver(service, options));
    }

    public WebDriver driver() {
        return driver;
    }

    public Browser get(String url) {
        driver.get(url);
        return this;
    }

    /**
     * Opens the dashboard at {@code entryUrl} and goes to {@code page} ({@code #/page}) once the shell
     * has picked its node from the first health update (it routes again then): elements found on the
     * page afterwards stay in the document.
     */
    public Browser dashboardPage(String entryUrl, String page) {
        get(entryUrl);
        until(d -> Boolean.TRUE.equals(script("return document.getElementById('node-picker').options.length > 0")));
        script("location.hash = '#/' + arguments[0]", page);
        return this;
    }

    /** Waits (up to 20 s) until {@code condition} holds, then returns its value. */
    public <T> T until(Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, Duration.ofSeconds(20)).until(condition::apply);
    }

    /** The text the element {@code css} shows now, read in one script (a page that redraws cannot make it go stale); waits for it. */
    public String text(String css) {
        return until(d -> (String) script("const e = document.querySelector(arguments[0]); return e ? e.innerText : null;", css));
    }

    public WebElement find(String css) {
        return until(d -> d.findElements(By.cssSelector(css)).stream().findFirst().orElse(null));
    }

    /** Clicks the element {@code css} names, again if the page redrew it under the click (pages redraw on each update). */
    public void click(String css) {
        until(d -> {
            try {
                find(css).click();
                return true;
            } catch (org.openqa.selenium.StaleElementReferenceException e) {
                return null;
            }
        });
    }

    public List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    public Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    /**
     * The rows of a table as the page shows them now, read in one script (pages redraw their
     * tables on each update, so elements found one by one can go stale): per row its
     * {@code data-*} attributes, {@code class}, and the text of each cell with a {@code data-key}.
     */
    @SuppressWarnings("unchecked")
    public List<java.util.Map<String, String>> rows(String tableCss) {
        Object rows = script("""
                return Array.from(document.querySelectorAll(arguments[0] + ' tbody tr')).map(tr => {
                  const row = Object.assign({}, tr.dataset, { class: tr.className });
                  for (const td of tr.querySelectorAll('td[data-key]')) row[td.dataset.key] = td.innerText;
                  return row;
                });""", tableCss);
        return (List<java.util.Map<String, String>>) rows;
    }

    /** Whether the canvas (or the first canvas under the element) {@code css} names has any pixel drawn. */
    public boolean canvasDrawn(String css) {
        Object drawn = script("""
                const e = document.querySelector(arguments[0]);
                const c = e && (e.tagName === 'CANVAS' ? e : e.querySelector('canvas'));
                if (!c || c.width === 0 || c.height === 0) return false;
                const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                for (let i = 3; i < d.length; i += 4) if (d[i] !== 0) return true;
                return false;""", css);
        return Boolean.TRUE.equals(drawn);
    }

    /** Saves a screenshot as target/web-screenshots/NAME.png. */
    public Path screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Path file = SCREENSHOTS.resolve(name + ".png");
        Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        return file;
    }

    /** What the page logged to its console at SEVERE (script errors, CSP refusals). */
    public List<String> consoleErrors() {
        return driver.manage().logs().get("browser").getAll().stream()
                .filter(e -> e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
                .map(e -> e.getMessage()).toList();
    }

    @Override
    public void close() {
        driver.quit();
    }
}
