import unittest

from worker import config


class ConfigTest(unittest.TestCase):
    def test_reads_port_url_and_version(self):
        loaded = config.load({"DATABASE_URL": "postgresql://u:p@db/w",
                              "PORT": "9000", "APP_VERSION": "1.0.0"})
        self.assertEqual((9000, "1.0.0"), (loaded.port, loaded.version))

    def test_refuses_a_missing_database_url_in_one_line(self):
        with self.assertRaises(config.ConfigError) as raised:
            config.load({})
        self.assertIn("DATABASE_URL must be a postgresql:// URL", str(raised.exception))
        self.assertNotIn("\n", str(raised.exception))

    def test_refuses_a_port_that_is_not_a_number(self):
        with self.assertRaises(config.ConfigError):
            config.load({"DATABASE_URL": "postgresql://db/w", "PORT": "http"})


if __name__ == "__main__":
    unittest.main()
